// Adapts services in Quadlet 5.x's shape to an older Podman (the systemd
// target). Each adaptation is one row: which unit kinds, below which version,
// and the edit. Everything else is checked flag by flag (podman-flags.ts).
import { quadletLevel, type QuadletLevel } from '../quadlet/language';
import type { UnitKind } from '../quadlet/types';
import { escapeWords, splitWords, type UnitFile } from '../unitfile';
import { type Version, atLeast, compareVersions, formatVersion, parseVersion, QUADLET_SINCE } from './podman-version';

interface QuadletOutput {
  /** Which Quadlet release's units are written. */
  readonly level: QuadletLevel;
  /** Set for a Podman without Quadlet (older than 4.4): the units are adapted to it. */
  readonly adaptTo?: Version;
}

/**
 * What to write for a host's Podman: its own Quadlet's units (4.4 and newer; the newest
 * when unknown), or for an older Podman the newest shape (no id files to go stale)
 * adapted to it.
 */
export function quadletOutputFor(host: Version | undefined): QuadletOutput {
  if (host === undefined) return { level: quadletLevel() };
  return atLeast(host, QUADLET_SINCE) ? { level: quadletLevel(host) } : { level: quadletLevel(), adaptTo: host };
}

interface Adaptation {
  readonly kinds: readonly UnitKind[];
  /** Applies to hosts older than this. */
  readonly below: string;
  /** Why, for the comment written into the unit. */
  readonly why: string;
  /** Edits the unit; false when it had nothing to adapt (no note is written then). */
  readonly apply: (unit: UnitFile) => boolean;
}

/** Inserts an ExecStartPre= before the existing ones (they run in order). */
function firstPre(unit: UnitFile, value: string): void {
  const existing = unit.lookupAll('Service', 'ExecStartPre');
  unit.unset('Service', 'ExecStartPre');
  unit.addAll('Service', 'ExecStartPre', [value, ...existing]);
}

/**
 * `podman network|volume create --ignore NAME` needs 4.4: create without it and
 * tolerate failure (the object may exist), then require that it exists.
 */
function createThenCheck(object: 'network' | 'volume'): (unit: UnitFile) => boolean {
  return (unit) => {
    const start = unit.lookup('Service', 'ExecStart');
    if (start === undefined) return false;
    const words = splitWords(start, { exec: true });
    const at = words.indexOf('create');
    if (at < 1 || words[at - 1] !== object) return false;
    const create = words.filter((w, i) => !(i > at && w === '--ignore'));
    const name = create[create.length - 1];
    const exists = [...create.slice(0, at), 'exists', name];
    unit.unset('Service', 'ExecStart');
    firstPre(unit, `-${escapeWords(create, { exec: true })}`);
    unit.add('Service', 'ExecStart', escapeWords(exists, { exec: true }));
    return true;
  };
}

// The units are in the newest Quadlet's shape, which addresses containers and pods by
// name: nothing of Quadlet 5.4's cid / pod-id files is left to go stale on 4.3.
const ADAPTATIONS: readonly Adaptation[] = [
  { kinds: ['network'], below: '4.4.0', why: 'podman network create has no --ignore before 4.4', apply: createThenCheck('network') },
  { kinds: ['volume'], below: '4.4.0', why: 'podman volume create has no --ignore before 4.4', apply: createThenCheck('volume') },
];

/** Applies the adaptations the host version needs; returns each as "Podman X.Y.Z: why", for the unit's header. */
export function adaptToPodman(unit: UnitFile, kind: UnitKind, host: Version): string[] {
  const applied: string[] = [];
  for (const a of ADAPTATIONS) {
    const below = parseVersion(a.below);
    if (!below || !a.kinds.includes(kind) || compareVersions(host, below) >= 0) continue;
    if (!a.apply(unit)) continue;
    applied.push(`Podman ${formatVersion(host)}: ${a.why}`);
  }
  return applied;
}
