// quadctl's update keys in Kubernetes terms: the policy as Keel's annotations (Keel
// follows semver tags by policy, like quadctl's updater), the probe as the readiness
// probe, the settle window as minReadySeconds; AutoUpdate= as Podman's annotation.
import { type ConfigUnit, UPDATE_KEYS } from '../config';
import { parsePolicy } from '../registry';
import type { NotCarried, Target } from './model';
import { readinessFromUpdateProbe } from './probes';
import { goSeconds } from './quantities';
import { failed, ok, type Result } from '../result';

const KEEL = { policy: 'keel.sh/policy', trigger: 'keel.sh/trigger', matchTag: 'keel.sh/match-tag' } as const;

/** Keel's annotations for a quadctl policy, or why there are none. */
function keelAnnotations(policy: string): Result<Record<string, string>> {
  const p = parsePolicy(policy);
  if (p.kind === 'range') return failed(`Keel has no semver ranges (its policies are patch, minor, major, force, glob: and regexp:): set update.policy to patch, minor or major, or annotate ${KEEL.policy} by hand`);
  // digest: same tag, new digest — Keel's force policy limited to the same tag.
  if (p.kind === 'digest') return ok({ [KEEL.policy]: 'force', [KEEL.matchTag]: 'true', [KEEL.trigger]: 'poll' });
  return ok({ [KEEL.policy]: p.kind, [KEEL.trigger]: 'poll' });
}

function originOf(unit: ConfigUnit, key: string): number | undefined {
  return unit.settings.find((s) => s.origin?.key === `update.${key}` || s.origin?.key === key)?.origin?.line;
}

/** Applies the unit's update.* keys to its workload and container; returns what could not be carried. */
export function applyUpdateSettings(unit: ConfigUnit, target: Target, defaultLine: number): NotCarried[] {
  const notes: NotCarried[] = [];
  const note = (key: string, reason: string): void => void notes.push({ section: unit.section, line: originOf(unit, key) ?? defaultLine, key: `update.${key}`, reason });
  const u = unit.update;
  if (u.policy !== undefined && u.policy !== 'none') {
    const r = keelAnnotations(u.policy);
    if (!r.ok) note('policy', r.error);
    else {
      const keel = r.value;
      const clash = Object.entries(keel).find(([k, v]) => target.workload.annotations[k] !== undefined && target.workload.annotations[k] !== v);
      if (clash) note('policy', `Keel's policy is one per Deployment, and another container of this pod has ${clash[0]}=${target.workload.annotations[clash[0]]}`);
      else Object.assign(target.workload.annotations, keel);
    }
  }
  if (u.probe !== undefined && target.container) {
    const probe = readinessFromUpdateProbe(u.probe);
    if (probe) target.container.readinessProbe = probe;
  }
  if (u.settle !== undefined) {
    const s = goSeconds(u.settle);
    if (s !== undefined) target.workload.minReadySeconds = Math.max(target.workload.minReadySeconds ?? 0, s);
  }
  if (u.timer === 'false') note('timer', 'Keel polls every workload it manages; leave the policy annotation off a Deployment Keel should not update');
  if (u.authfile !== undefined) note('authfile', 'a cluster pulls with an imagePullSecret: create one from this auth file (kubectl create secret docker-registry, or generic with .dockerconfigjson) and name it in the pod spec');
  return notes;
}

/** Labels quadctl writes for its own updater: carried by applyUpdateSettings, not as labels. */
export const UPDATE_LABEL_KEYS: ReadonlySet<string> = new Set(Object.values(UPDATE_KEYS).map((k) => k.label));
