// The cross-unit pre-pass: before anything is translated, every source unit gets
// the service name and Podman object name other units will refer to it by.
import { lookupLast, trimQuotes } from './common/lookups';
import { quadletLevel, type QuadletLevel } from './language';
import type { SourceUnit, UnitInfo, UnitKind } from './types';

interface KindNaming {
  readonly group: string;
  readonly extension: string;
  /** Appended to the base name for the default service name. */
  readonly serviceSuffix: string;
  /**
   * Quadlet's processing (and dry-run printing) order: lower first. Within one rank,
   * the order Go's unstable sort leaves (src/quadlet/unit-order.ts).
   */
  readonly order: number;
  /** The Podman object name, from the unit alone ('' when it cannot be known before systemd runs). */
  readonly resource: (unit: SourceUnit, base: string, level: QuadletLevel, serviceName: string) => string;
}

const lastOr = (u: SourceUnit, group: string, key: string, fallback: string): string =>
  lookupLast(u.unit, group, key) ?? fallback;

/**
 * systemd-BASE; from 5.7 a template's (and, as Podman cuts one character, an
 * instance's) default network/volume name ends in -%i.
 */
function defaultResourceName(fileName: string, level: QuadletLevel): string {
  const name = `systemd-${baseName(fileName)}`;
  return level.has('template-resources') && fileName.includes('@') ? `${name.slice(0, -1)}-%i` : name;
}

/**
 * The name another unit joins a container by (`Network=db.container`): its ContainerName=
 * (default systemd-%N, for a template systemd-%p_%i) with %N replaced by its service
 * name, as the container will be named at run time. Other specifiers cannot be resolved
 * before systemd runs: then there is no name ('').
 */
function containerResourceName(u: SourceUnit, _base: string, _level: QuadletLevel, serviceName: string): string {
  const name = lookupLast(u.unit, 'Container', 'ContainerName') ?? (u.fileName.includes('@') ? 'systemd-%p_%i' : 'systemd-%N');
  const resolved = name.replaceAll('%N', serviceName);
  return resolved.includes('%') ? '' : resolved;
}

export const KINDS: Readonly<Record<UnitKind, KindNaming>> = {
  image: { group: 'Image', extension: '.image', serviceSuffix: '-image', order: 1,
    resource: (u) => lastOr(u, 'Image', 'ImageTag', lookupLast(u.unit, 'Image', 'Image') ?? '') },
  artifact: { group: 'Artifact', extension: '.artifact', serviceSuffix: '-artifact', order: 1,
    resource: (u) => lookupLast(u.unit, 'Artifact', 'Artifact') ?? '' },
  network: { group: 'Network', extension: '.network', serviceSuffix: '-network', order: 2,
    resource: (u, _base, level) => lastOr(u, 'Network', 'NetworkName', defaultResourceName(u.fileName, level)) },
  volume: { group: 'Volume', extension: '.volume', serviceSuffix: '-volume', order: 2,
    resource: (u, _base, level) => lastOr(u, 'Volume', 'VolumeName', defaultResourceName(u.fileName, level)) },
  build: { group: 'Build', extension: '.build', serviceSuffix: '-build', order: 3,
    resource: (u) => u.unit.lookupAll('Build', 'ImageTag')[0] ?? '' },
  pod: { group: 'Pod', extension: '.pod', serviceSuffix: '-pod', order: 5,
    resource: (u, base) => lastOr(u, 'Pod', 'PodName', `systemd-${base}`) },
  kube: { group: 'Kube', extension: '.kube', serviceSuffix: '', order: 4, resource: () => '' },
  container: { group: 'Container', extension: '.container', serviceSuffix: '', order: 4, resource: containerResourceName },
};

const BY_EXTENSION: ReadonlyMap<string, UnitKind> = new Map(
  (Object.keys(KINDS) as UnitKind[]).map((k) => [KINDS[k].extension, k]),
);

/** The unit kind of a file name by its extension, or undefined for other files. */
export function kindOfFile(fileName: string): UnitKind | undefined {
  const dot = fileName.lastIndexOf('.');
  return dot <= 0 ? undefined : BY_EXTENSION.get(fileName.slice(dot));
}

/** "web.container" -> "web"; "sleep@10.container" -> "sleep@10". */
function baseName(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot <= 0 ? fileName : fileName.slice(0, dot);
}

/**
 * The one rule for the service a unit becomes (without `.service`): its own
 * ServiceName=, or BASE + the kind's suffix; from 5.7 a template's suffix goes before
 * its "@" (foo-volume@). Callers without a Podman version get the newest Quadlet's name.
 */
export function serviceName(kind: UnitKind, base: string, own: string | undefined, level: QuadletLevel = quadletLevel()): string {
  if (own !== undefined) return own;
  const suffix = KINDS[kind].serviceSuffix;
  if (level.has('template-resources') && base.endsWith('@')) return `${base.slice(0, -1)}${suffix}@`;
  return base + suffix;
}

/**
 * serviceName of a Quadlet file. An empty ServiceName= still counts as set, as in Quadlet,
 * which then writes ".service"; translate.ts refuses that name.
 */
export function serviceNameOf(source: SourceUnit, level: QuadletLevel = quadletLevel()): string {
  const own = source.unit.lookup(KINDS[source.kind].group, 'ServiceName');
  return serviceName(source.kind, baseName(source.fileName), own === undefined ? undefined : trimQuotes(own), level);
}

export function describeUnit(source: SourceUnit, level: QuadletLevel): UnitInfo {
  const base = baseName(source.fileName);
  const serviceName = serviceNameOf(source, level);
  const resourceName = KINDS[source.kind].resource(source, base, level, serviceName);
  // Field by field, not `{ ...source, serviceName, resourceName }`: on Node 20 (V8 11.3) an
  // object spread followed by more properties gets a hidden class of its own every time, and
  // every read of every unit's info then went through V8's runtime (see split-words.ts).
  return { fileName: source.fileName, path: source.path, kind: source.kind, unit: source.unit, serviceName, resourceName };
}

/** Processing order: by kind, dependencies first (ties as Go's unstable sort leaves them: see unit-order.ts). */
export function processedBefore(a: SourceUnit, b: SourceUnit): boolean {
  return KINDS[a.kind].order < KINDS[b.kind].order;
}
