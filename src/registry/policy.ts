/**
 * Update policies: `digest` follows the same tag to a new digest; `patch`,
 * `minor` and `major` move along semver tags within that bound; anything else
 * is a semver range (`~1.4`, `>=2 <3`, `1.x`) the chosen tag must satisfy.
 */
import semver from 'semver';

export type Policy =
  | { kind: 'digest' }
  | { kind: 'patch' }
  | { kind: 'minor' }
  | { kind: 'major' }
  | { kind: 'range'; range: string };

class InvalidPolicyError extends Error {
  constructor(text: string) {
    super(`invalid update policy ${JSON.stringify(text)}: use digest, patch, minor, major or a semver range such as "~1.4" or ">=2 <3"`);
    this.name = 'InvalidPolicyError';
  }
}

const NAMED: Record<string, Policy> = {
  digest: { kind: 'digest' },
  patch: { kind: 'patch' },
  minor: { kind: 'minor' },
  major: { kind: 'major' },
};

export function parsePolicy(text: string): Policy {
  const trimmed = text.trim();
  const named = NAMED[trimmed.toLowerCase()];
  if (named) return named;
  if (trimmed === '' || semver.validRange(trimmed) === null) throw new InvalidPolicyError(text);
  return { kind: 'range', range: trimmed };
}

export function formatPolicy(policy: Policy): string {
  return policy.kind === 'range' ? policy.range : policy.kind;
}
