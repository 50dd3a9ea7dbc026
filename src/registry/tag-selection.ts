/**
 * Picking a newer tag with semver. Image tags are looser than semver, so a tag
 * is read as:   [v]MAJOR.MINOR[.PATCH][-SUFFIX]
 *
 * - The *shape* of the current tag is kept: a `v` prefix stays, a two-part tag
 *   (`1.25`, a moving minor line) only moves to two-part tags, a three-part tag
 *   only to three-part tags — `1.25.3` must not jump to the floating `1.26`.
 * - A SUFFIX that reads as a pre-release (`rc.1`, `beta2`, `alpha`…) marks a
 *   pre-release, ignored unless asked for. Any other suffix names a variant
 *   family (`alpine`, `bookworm-slim`): `1.2.3-alpine` only moves to
 *   `1.2.4-alpine`, and plain `1.2.3` never moves to an `-alpine` tag.
 * - Versions are compared by semver, so `1.10.0` is newer than `1.3.0`.
 * - Tags that do not fit (`latest`, `stable`, dates) are never candidates.
 */
import semver, { type SemVer } from 'semver';
import type { Policy } from './policy';

interface TagVersion {
  tag: string;
  prefix: string;
  parts: 2 | 3;
  /** Variant family: the non-pre-release suffix, '' for none. */
  family: string;
  prerelease: boolean;
  version: SemVer;
}

const TAG_SHAPE = /^(v?)(0|[1-9]\d*)\.(0|[1-9]\d*)(?:\.(0|[1-9]\d*))?(?:-([0-9A-Za-z][0-9A-Za-z.-]*))?$/;
/** A pre-release word with optional numbers, then optionally `-family`. */
const PRERELEASE_SUFFIX = /^((?:alpha|beta|rc|pre|preview|dev|snapshot|nightly|canary|next|milestone|a|b|m)(?:[.-]?\d+)*)(?:-([0-9A-Za-z][0-9A-Za-z.-]*))?$/i;

function splitSuffix(suffix: string | undefined): { pre?: string; family: string } {
  if (suffix === undefined) return { family: '' };
  const pre = PRERELEASE_SUFFIX.exec(suffix);
  if (pre) return { pre: pre[1], family: pre[2] ?? '' };
  return { family: suffix };
}

function parseTagVersion(tag: string): TagVersion | undefined {
  const m = TAG_SHAPE.exec(tag);
  if (!m) return undefined;
  const [, prefix, major, minor, patch, suffix] = m;
  const { pre, family } = splitSuffix(suffix);
  const version = semver.parse(`${major}.${minor}.${patch ?? '0'}${pre ? `-${pre}` : ''}`);
  if (!version) return undefined;
  return { tag, prefix, parts: patch === undefined ? 2 : 3, family, prerelease: pre !== undefined, version };
}

type Bound = (candidate: SemVer, current: SemVer) => boolean;

const BOUNDS: Record<Exclude<Policy['kind'], 'digest' | 'range'>, Bound> = {
  patch: (c, cur) => c.major === cur.major && c.minor === cur.minor,
  minor: (c, cur) => c.major === cur.major,
  major: () => true,
};

function withinPolicy(policy: Policy, candidate: SemVer, current: SemVer, includePrerelease: boolean): boolean {
  if (policy.kind === 'digest') return false;
  if (policy.kind === 'range') return semver.satisfies(candidate, policy.range, { includePrerelease });
  return BOUNDS[policy.kind](candidate, current);
}

interface SelectOptions {
  /** Consider pre-release tags (`2.0.0-rc.1`) as candidates. */
  includePrerelease?: boolean;
}

/**
 * The newest tag in `tags` that is in the current tag's family, newer than it
 * and allowed by `policy`; undefined when there is none (or the policy is
 * `digest`, or the current tag is not a version).
 */
export function selectTag(currentTag: string, tags: readonly string[], policy: Policy, options: SelectOptions = {}): string | undefined {
  return candidateTags(currentTag, tags, policy, options)[0];
}

/** Every tag selectTag could pick, newest first (the updater falls back along it past known-bad digests). */
export function candidateTags(currentTag: string, tags: readonly string[], policy: Policy, options: SelectOptions = {}): string[] {
  const current = parseTagVersion(currentTag);
  if (!current || policy.kind === 'digest') return [];
  const includePrerelease = options.includePrerelease ?? false;
  const found: TagVersion[] = [];
  for (const tag of tags) {
    const candidate = parseTagVersion(tag);
    if (!candidate) continue;
    if (candidate.prefix !== current.prefix || candidate.parts !== current.parts || candidate.family !== current.family) continue;
    if (candidate.prerelease && !includePrerelease) continue;
    if (semver.compare(candidate.version, current.version) <= 0) continue;
    if (!withinPolicy(policy, candidate.version, current.version, includePrerelease)) continue;
    found.push(candidate);
  }
  return found.sort((a, b) => semver.compare(b.version, a.version)).map((c) => c.tag);
}

/** Whether the tag can take part in semver selection at all (for messages). */
export function isVersionTag(tag: string): boolean {
  return parseTagVersion(tag) !== undefined;
}
