/**
 * Discovery: which running containers the updater looks after, and how.
 *
 * A container is a candidate when systemd runs it (the PODMAN_SYSTEMD_UNIT
 * label) and something asks for updates:
 *   - quadctl's `io.quadctl.policy` (digest | patch | minor | major | range | none)
 *     decides when present;
 *   - otherwise Podman's `io.containers.autoupdate` is honoured as Podman does:
 *     `registry` (or `image`) = same tag, new digest, asked of the registry;
 *     `local` = the tag in local storage now names another image.
 * Containers without either are listed as "not managed" so `status` can say why.
 */
import { formatPolicy, parsePolicy, type Policy } from '../registry/policy';
import { autoUpdateMode, autoUpdateOff, LABELS, parseAuthFileLabel, parseDuration, parseTimerLabel } from './labels';
import { hooksFrom, type Hooks } from './hooks';
import { parseProbe, type Probe } from './probe';
import type { ContainerFacts, ImageFacts } from './inspect-types';
import { byCodePoint } from '../text-order';

export type UpdateMode =
  /** Ask the registry (digest or semver policy). */
  | { kind: 'registry'; policy: Policy }
  /** Podman's `local`: compare with the local image the tag names. */
  | { kind: 'local' }
  /** Policy `none`, or no label asking for updates. */
  | { kind: 'off'; why: string };

export interface HealthSettings {
  /** Settle window (ms); undefined = the updater's default. */
  settleMs?: number;
  probe?: Probe;
  /** How long Podman's healthcheck and the probe may take to pass (ms). */
  timeoutMs?: number;
  /** The user's pre/post/rollback commands (a failing post-hook fails the gate). */
  hooks?: Hooks;
}

export interface Target {
  unit: string;
  container: string;
  containerId: string;
  /** The image reference the unit runs, as written: `localhost:5000/demo/web:1.2.0`. */
  image: string;
  imageId: string;
  /** Digest of the image the container runs ('' when Podman has none, e.g. a local build). */
  digest: string;
  /** Every digest the running image is known by in `image`'s repository. */
  knownDigests: string[];
  mode: UpdateMode;
  /** Shown as the policy column: `digest`, `minor`, `~1.4`, `local`, `none`. */
  policyText: string;
  /** False when the unit opted out of timer runs (it is still updated by hand). */
  onTimer: boolean;
  /** The container's own registry credentials (io.containers.autoupdate.authfile), for the check and the pull. */
  authFile?: string;
  health: HealthSettings;
  pod: string;
  /**
   * The unit to restart so the container is created anew: its own unit, or its
   * pod's when the pod runs under systemd (restarting a pod member alone stops
   * the pod under it, and the member's restart job is canceled).
   */
  restartUnit: string;
  hasHealthcheck: boolean;
  /** Label problems; a target with problems is skipped with these as the reason. */
  problems: string[];
}

function modeFrom(labels: Readonly<Record<string, string>>): { mode: UpdateMode; policyText: string; problem?: string } {
  const policyLabel = labels[LABELS.policy];
  if (policyLabel !== undefined) {
    if (policyLabel.trim().toLowerCase() === 'none') return { mode: { kind: 'off', why: `policy none (${LABELS.policy})` }, policyText: 'none' };
    try {
      const policy = parsePolicy(policyLabel);
      return { mode: { kind: 'registry', policy }, policyText: formatPolicy(policy) };
    } catch (err) {
      return { mode: { kind: 'off', why: 'invalid policy' }, policyText: policyLabel, problem: `${LABELS.policy}: ${(err as Error).message}` };
    }
  }
  const podman = autoUpdateMode(labels[LABELS.autoUpdate]);
  if (podman === 'registry') return { mode: { kind: 'registry', policy: { kind: 'digest' } }, policyText: 'digest' };
  if (podman === 'local') return { mode: { kind: 'local' }, policyText: 'local' };
  const raw = labels[LABELS.autoUpdate];
  if (raw === undefined) return { mode: { kind: 'off', why: `no ${LABELS.policy} or ${LABELS.autoUpdate} label` }, policyText: 'none' };
  if (autoUpdateOff(raw)) return { mode: { kind: 'off', why: `${LABELS.autoUpdate}=${JSON.stringify(raw)} (off)` }, policyText: 'none' };
  // As `podman auto-update` does, an unknown value is an error for this container (the others still update).
  return { mode: { kind: 'off', why: 'invalid auto-update policy' }, policyText: raw, problem: `${LABELS.autoUpdate}=${JSON.stringify(raw)} is not a valid auto-update policy: use registry (or image), local, or disabled` };
}

function durationLabel(labels: Readonly<Record<string, string>>, key: string, problems: string[]): number | undefined {
  const text = labels[key];
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === null || ms <= 0) problems.push(`${key}=${JSON.stringify(text)} is not a duration such as 10s or 500ms`);
  return ms ?? undefined;
}

function healthFrom(labels: Readonly<Record<string, string>>, problems: string[]): HealthSettings {
  const health: HealthSettings = {};
  const settleMs = durationLabel(labels, LABELS.settle, problems);
  if (settleMs) health.settleMs = settleMs;
  const timeoutMs = durationLabel(labels, LABELS.healthTimeout, problems);
  if (timeoutMs) health.timeoutMs = timeoutMs;
  const probeText = labels[LABELS.probe];
  if (probeText !== undefined && probeText.trim() !== '') {
    const probe = parseProbe(probeText);
    if (!probe.ok) problems.push(`${LABELS.probe}: ${probe.error}`);
    else health.probe = probe.value;
  }
  const hooks = hooksFrom(labels, problems);
  if (hooks) health.hooks = hooks;
  return health;
}

/** `localhost:5000/demo/web` from `localhost:5000/demo/web:1.2.0` or `…@sha256:…`. */
export function repositoryOf(image: string): string {
  const noDigest = image.split('@')[0];
  const colon = noDigest.lastIndexOf(':');
  return colon > noDigest.lastIndexOf('/') ? noDigest.slice(0, colon) : noDigest;
}

function knownDigestsFor(image: string, facts: ImageFacts | undefined): string[] {
  if (!facts) return [];
  const repo = repositoryOf(image);
  const matching = facts.repoDigests.filter((rd) => rd.startsWith(`${repo}@`)).map((rd) => rd.slice(repo.length + 1));
  return [...new Set([facts.digest, ...matching].filter(Boolean))];
}

/** Pod ID → the unit that runs the pod (its infra container's PODMAN_SYSTEMD_UNIT), for pods systemd runs. */
function podUnits(containers: readonly ContainerFacts[]): Map<string, string> {
  return new Map(containers.filter((c) => c.isInfra && c.pod && c.labels[LABELS.systemdUnit]).map((c) => [c.pod, c.labels[LABELS.systemdUnit]]));
}

/**
 * The containers systemd runs, with what the updater should do about each.
 * Pass every running container (pods' infra containers included), so a pod
 * member's restart unit can be found.
 * `images` maps image IDs to their facts (missing entries leave digests empty).
 */
export function discoverTargets(containers: readonly ContainerFacts[], images: ReadonlyMap<string, ImageFacts>): Target[] {
  const pods = podUnits(containers);
  return containers
    .filter((c) => !c.isInfra && c.labels[LABELS.systemdUnit] !== undefined && c.labels[LABELS.systemdUnit] !== '')
    .map((c) => {
      const unit = c.labels[LABELS.systemdUnit];
      const problems: string[] = [];
      const { mode, policyText, problem } = modeFrom(c.labels);
      if (problem) problems.push(problem);
      const timer = parseTimerLabel(c.labels[LABELS.timer]);
      if (!timer.ok) problems.push(timer.error);
      const authFile = parseAuthFileLabel(c.labels[LABELS.authFile]);
      if (!authFile.ok) problems.push(authFile.error);
      const image = images.get(c.imageId);
      return {
        unit,
        container: c.name,
        containerId: c.id,
        image: c.imageName,
        imageId: c.imageId,
        digest: image?.digest ?? '',
        knownDigests: knownDigestsFor(c.imageName, image),
        mode,
        policyText,
        onTimer: !timer.ok || timer.value,
        ...(authFile.ok && authFile.value !== undefined ? { authFile: authFile.value } : {}),
        health: healthFrom(c.labels, problems),
        pod: c.pod,
        restartUnit: (c.pod && pods.get(c.pod)) || unit,
        hasHealthcheck: c.hasHealthcheck,
        problems,
      };
    })
    .sort((a, b) => byCodePoint(a.unit, b.unit) || byCodePoint(a.container, b.container));
}
