/**
 * The plan: for every discovered container, what a run would do and why.
 * Pure: the registry's answers (src/registry checkImages) and the local image
 * facts come in, rows go out. `quadctl update --dry-run` and `quadctl status`
 * print these rows; a full run applies the `update` rows.
 */
import type { CheckResult } from '../registry/check';
import { type ParsedReference, parseReference } from '../registry/reference';
import { repositoryOf, type Target } from './discovery';
import type { ImageFacts } from './inspect-types';
import { LABELS } from './labels';
import type { Trigger } from './history';
import { EMPTY_STATE, isHeld, knownBadOf, unitState, type UpdaterState } from './resolved';

export type Action = 'update' | 'none' | 'skip';

/** The image a unit is to run after the update. */
export interface Candidate {
  /** What the unit will name: the same reference (new digest) or a new tag. */
  image: string;
  tag?: string;
  digest: string;
  /** What to pull: `repo@sha256:…`; '' for Podman's `local` mode (nothing to pull). */
  pull: string;
}

export interface PlanRow {
  unit: string;
  container: string;
  image: string;
  policy: string;
  currentTag?: string;
  currentDigest: string;
  candidate?: Candidate;
  action: Action;
  reason: string;
  target: Target;
}

/**
 * One registry question. Containers with different auth files are asked about
 * separately: the registry may answer each set of credentials differently.
 */
export interface CheckQuestion {
  reference: string;
  policy: string;
  /** Credentials to look up first (the container's io.containers.autoupdate.authfile). */
  authFile?: string;
  /** Digests that failed their health gate on the unit: never offered, the next newest tag is. */
  avoid?: string[];
}

interface PlanInputs {
  targets: readonly Target[];
  /** checkImages answers keyed by reference, policy and auth file (see checkKey). */
  checks: ReadonlyMap<string, CheckResult>;
  /** For `local` mode: what each image reference names in local storage now. */
  local: ReadonlyMap<string, ImageFacts | undefined>;
  trigger: Trigger;
  /** Holds and known-bad digests (src/update/resolved.ts); none when absent. */
  state?: UpdaterState;
}

export function checkKey(image: string, policy: string, authFile?: string, avoid: readonly string[] = []): string {
  return `${image} ${policy}\n${authFile ?? ''}\n${[...avoid].sort().join(',')}`;
}

function avoidFor(t: Target, state: UpdaterState): string[] {
  return unitState(state, t.unit).knownBad.map((k) => k.digest);
}

function tagOf(image: string): string | undefined {
  try {
    return parseReference(image).tag;
  } catch {
    return undefined;
  }
}

function row(t: Target, action: Action, reason: string, candidate?: Candidate): PlanRow {
  return { unit: t.unit, container: t.container, image: t.image, policy: t.policyText, currentTag: tagOf(t.image), currentDigest: t.digest, candidate, action, reason, target: t };
}

/** Why a target is not even asked about, if it is not; null when it should be checked. */
function precheck(t: Target, trigger: Trigger, state: UpdaterState): string | null {
  if (t.problems.length > 0) return `skipped: ${t.problems.join('; ')}`;
  if (t.mode.kind === 'off') return t.mode.why;
  const hold = isHeld(state, t.unit);
  if (hold) return `skipped: held since ${new Date(hold.since).toISOString().replace(/\.\d+Z$/, 'Z')} (${hold.reason}); quadctl unhold ${t.unit} releases it`;
  if (trigger === 'timer' && !t.onTimer) return `skipped: opted out of timer runs (${LABELS.timer}=false); update by hand with quadctl update --unit ${t.unit}`;
  let parsed: ParsedReference;
  try {
    parsed = parseReference(t.image);
  } catch (err) {
    return `skipped: ${(err as Error).message}`;
  }
  if (parsed.digest && parsed.tag) return `skipped: pinned: ${t.image} names a digest, which is a pin (tag@digest, as Renovate writes it)`;
  if (parsed.digest) return 'skipped: pinned by digest';
  return null;
}

/** A candidate that failed its health gate on this unit is not offered again until `quadctl forget`. */
function withoutKnownBad(r: PlanRow, state: UpdaterState): PlanRow {
  const bad = r.candidate && knownBadOf(state, r.unit, r.candidate.digest);
  if (!bad) return r;
  return { ...r, action: 'skip', candidate: undefined, reason: `skipped: ${bad.digest.slice(0, 19)}… failed its health gate [${bad.entry}]: ${bad.reason}; quadctl forget ${r.unit} ${bad.digest.slice(7, 19)} lets it be tried again` };
}

function registryRow(t: Target, result: CheckResult | undefined): PlanRow {
  if (!result) return row(t, 'skip', 'skipped: the registry was not asked');
  if (result.error) return row(t, 'skip', `skipped: registry error: ${result.error}`);
  const repo = repositoryOf(t.image);
  if (result.candidateTag && result.candidateDigest) {
    const image = `${repo}:${result.candidateTag}`;
    return row(t, 'update', `newer tag ${result.candidateTag} (${t.policyText})`, { image, tag: result.candidateTag, digest: result.candidateDigest, pull: `${repo}@${result.candidateDigest}` });
  }
  const remote = result.currentDigest;
  if (!remote) return row(t, 'skip', 'skipped: the registry gave no digest');
  if (t.knownDigests.includes(remote)) return row(t, 'none', result.note ? `up to date (${result.note})` : 'up to date');
  return row(t, 'update', `new digest for tag ${tagOf(t.image) ?? 'latest'}`, { image: t.image, tag: tagOf(t.image), digest: remote, pull: `${repo}@${remote}` });
}

function localRow(t: Target, facts: ImageFacts | undefined): PlanRow {
  if (!facts) return row(t, 'skip', `skipped: ${t.image} is not in local storage`);
  if (facts.id === t.imageId) return row(t, 'none', 'up to date (local image unchanged)');
  return row(t, 'update', `local image ${t.image} changed`, { image: t.image, tag: tagOf(t.image), digest: facts.digest, pull: '' });
}

export function buildPlan(inputs: PlanInputs): PlanRow[] {
  const state = inputs.state ?? EMPTY_STATE;
  return inputs.targets.map((t) => {
    const why = precheck(t, inputs.trigger, state);
    if (why !== null) return row(t, why.startsWith('skipped') ? 'skip' : 'none', why);
    if (t.mode.kind === 'local') return withoutKnownBad(localRow(t, inputs.local.get(t.image)), state);
    return withoutKnownBad(registryRow(t, inputs.checks.get(checkKey(t.image, t.policyText, t.authFile, avoidFor(t, state)))), state);
  });
}

/** The registry questions a plan needs: one per distinct image, policy, auth file and set of digests to avoid. */
export function checkRequests(targets: readonly Target[], trigger: Trigger, state: UpdaterState = EMPTY_STATE): CheckQuestion[] {
  const seen = new Map<string, CheckQuestion>();
  for (const t of targets) {
    if (t.mode.kind !== 'registry' || precheck(t, trigger, state) !== null) continue;
    const avoid = avoidFor(t, state);
    seen.set(checkKey(t.image, t.policyText, t.authFile, avoid), { reference: t.image, policy: t.policyText, ...(t.authFile ? { authFile: t.authFile } : {}), ...(avoid.length ? { avoid } : {}) });
  }
  return [...seen.values()];
}
