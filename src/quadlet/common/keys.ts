import type { UnitFile } from '../../unitfile';
import { QuadletError } from '../types';

/** Quadlet refuses any key of its own group that it does not know. */
export function checkSupportedKeys(unit: UnitFile, group: string, supported: ReadonlySet<string>, path: string): void {
  for (const line of unit.keyLines(group)) {
    if (!supported.has(line.key)) throw new QuadletError(`unsupported key '${line.key}' in group '${group}' in ${path}`);
  }
}
