// Environment=-style values: words of KEY=VALUE, later keys overriding earlier ones.
import type { UnitFile } from '../../unitfile';
import { lookupWords } from './split';

/** KEY=VALUE words of all values of a key (empty assignment resets); Quadlet drops words without "=". */
export function lookupKeyValues(unit: UnitFile, group: string, key: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const word of lookupWords(unit, group, key)) {
    const eq = word.indexOf('=');
    if (eq > 0) out.set(word.slice(0, eq), word.slice(eq + 1));
  }
  return out;
}

/** The map as sorted KEY=VALUE strings (Quadlet writes them in key order). */
export function sortedPairs(map: ReadonlyMap<string, string>): string[] {
  return [...map.keys()].sort().map((k) => `${k}=${map.get(k) ?? ''}`);
}
