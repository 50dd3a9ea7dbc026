// Environment=-style values: words of KEY=VALUE, later keys overriding earlier ones.
// What Quadlet does with the rest changed: up to 5.4 a word without "=" and a value
// that cannot be split are dropped silently; 5.5 reports both; from 5.6 a bare NAME
// is passed on as is (`--env NAME` inherits the host's value).
import { SplitError, splitWords, type UnitFile } from '../../unitfile';
import type { TranslateContext } from '../types';
import { goSplitProblem, QUADLET_SPLIT } from './split';

/** KEY -> VALUE, or KEY -> undefined for a bare NAME (5.6+). */
type KeyValues = Map<string, string | undefined>;


function valueWords(value: string, ctx: TranslateContext | undefined): string[] {
  try {
    return splitWords(value, QUADLET_SPLIT);
  } catch (e) {
    if (!(e instanceof SplitError)) throw e;
    if (ctx?.level.has('key-value-warnings')) ctx.warn(goSplitProblem(e));
    return [];
  }
}

/** KEY=VALUE words of all values of a key (an empty assignment resets). */
function lookupKeyValues(unit: UnitFile, group: string, key: string, ctx?: TranslateContext): KeyValues {
  const out: KeyValues = new Map();
  if (!unit.hasKey(group, key)) return out;
  const bareNames = ctx?.level.has('bare-env-names') ?? false;
  for (const value of unit.lookupAll(group, key)) {
    for (const word of valueWords(value, ctx)) {
      const eq = word.indexOf('=');
      if (eq >= 0) out.set(word.slice(0, eq), word.slice(eq + 1));
      else if (bareNames) out.set(word, undefined);
      else if (ctx?.level.has('key-value-warnings')) ctx.warn(`separator was not found for ${word}`);
    }
  }
  return out;
}

/** The map as sorted KEY=VALUE (or bare NAME) strings: Quadlet writes them in key order. */
function sortedPairs(map: ReadonlyMap<string, string | undefined>): string[] {
  return [...map.keys()].sort().map((k) => {
    const v = map.get(k);
    return v === undefined ? k : `${k}=${v}`;
  });
}

/** `FLAG KEY=VALUE` for each key of the table, in table order, each sorted by key. */
export function keyValueArgs(unit: UnitFile, group: string, table: ReadonlyArray<readonly [key: string, flag: string]>, ctx: TranslateContext): string[] {
  const out: string[] = [];
  // Most units set one or two of the table's keys: skip the others before building anything.
  for (let i = 0; i < table.length; i++) {
    const [key, flag] = table[i] as readonly [string, string];
    if (!unit.hasKey(group, key)) continue;
    const pairs = sortedPairs(lookupKeyValues(unit, group, key, ctx));
    for (let k = 0; k < pairs.length; k++) out.push(flag, pairs[k] as string);
  }
  return out;
}
