// Which keys a unit may use: the key catalog (shared with config validation) at the
// Quadlet level quadctl writes for. A key newer than that Podman is an error naming
// the release that added it, never dropped.
import { QUADLET_GROUP_KEYS, UNIT_TYPES } from '../../config/catalog/quadlet-keys';
import type { KeyTable } from '../../config/catalog/types';
import type { KeyLine, UnitFile } from '../../unitfile';
import { describeLevel, type QuadletLevel } from '../language';
import { QuadletError, type UnitKind } from '../types';

/** Quadlet refuses any key it does not know in the unit's own group, then in [Quadlet]. */
export function checkSupportedKeys(unit: UnitFile, kind: UnitKind, path: string, level: QuadletLevel): void {
  const { group, keys } = UNIT_TYPES[kind];
  checkGroup(unit, group, keys, path, level);
  checkGroup(unit, 'Quadlet', QUADLET_GROUP_KEYS, path, level);
}

function checkGroup(unit: UnitFile, group: string, keys: KeyTable, path: string, level: QuadletLevel): void {
  const lines = unit.keyLines(group);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as KeyLine;
    const spec = Object.hasOwn(keys, line.key) ? keys[line.key] : undefined;
    if (spec !== undefined && level.knows(spec.since)) continue;
    const unsupported = `unsupported key '${line.key}' in group '${group}' in ${path}`;
    if (spec === undefined) throw new QuadletError(unsupported);
    throw new QuadletError(`${unsupported}: it needs Podman ${spec.since} or newer; writing for ${describeLevel(level)} (set PodmanVersion= to the host's Podman)`);
  }
}

/** A unit type newer than the level written for (.artifact before 5.7) is refused as a whole. */
export function checkSupportedType(kind: UnitKind, level: QuadletLevel): void {
  const since = UNIT_TYPES[kind].since;
  if (!level.knows(since)) {
    throw new QuadletError(`the .${kind} type needs Podman ${since ?? ''} or newer; writing for ${describeLevel(level)} (set PodmanVersion= to the host's Podman)`);
  }
}
