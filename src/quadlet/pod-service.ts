// Quadlet's "set" for [Service] keys of a pod: the last line of the key gets the new
// value in place (earlier lines of it stay), or the key is appended when absent.
// UnitFile.set drops the earlier lines, which changes e.g. a user's Environment=.
import type { UnitFile } from '../unitfile';

export function setLast(unit: UnitFile, group: string, key: string, value: string): void {
  for (let g = unit.groups.length - 1; g >= 0; g--) {
    const lines = unit.groups[g].name === group ? unit.groups[g].lines : [];
    for (let i = lines.length - 1; i >= 0; i--) {
      const line = lines[i];
      if (line.kind === 'key' && line.key === key) {
        lines[i] = { ...line, value };
        return;
      }
    }
  }
  unit.add(group, key, value);
}
