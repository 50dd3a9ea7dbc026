// Table-driven emitters for the common key -> podman flag shapes.
import type { UnitFile } from '../../unitfile';
import { lookupBool, lookupValues, type LookupKind } from './lookups';

export interface FlagRule {
  readonly key: string;
  readonly flag: string;
  readonly lookup: LookupKind;
  /** "--flag value" (default) or "--flag=value". */
  readonly joined?: boolean;
  /** Written before each value, e.g. "mask=" for --security-opt mask=VALUE. */
  readonly prefix?: string;
  readonly transform?: (value: string) => string;
}

/** A boolean key: words to emit when it is true / false; nothing when unset. */
export interface BoolRule {
  readonly key: string;
  readonly whenTrue: readonly string[];
  readonly whenFalse?: readonly string[];
}

/** Keys read alike, as `{ Key: '--flag' }` in command-line order (tables stay one line a few keys). */
export function flagRules(lookup: LookupKind, flags: Readonly<Record<string, string>>): FlagRule[] {
  return Object.entries(flags).map(([key, flag]) => ({ key, flag, lookup }));
}

function emitValue(rule: FlagRule, value: string): string[] {
  const v = (rule.prefix ?? '') + (rule.transform ? rule.transform(value) : value);
  return rule.joined ? [`${rule.flag}=${v}`] : [rule.flag, v];
}

export function emitFlags(unit: UnitFile, group: string, rules: readonly FlagRule[]): string[] {
  const out: string[] = [];
  const present = unit.keySet(group);
  // Indexed loops: this runs for every rule of every unit on V8's baseline tiers, where each for-of step allocates.
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i] as FlagRule;
    if (!present.has(rule.key)) continue;
    const values = lookupValues(unit, group, rule.key, rule.lookup);
    for (let k = 0; k < values.length; k++) {
      const words = emitValue(rule, values[k] as string);
      for (let w = 0; w < words.length; w++) out.push(words[w] as string);
    }
  }
  return out;
}

export function emitBools(unit: UnitFile, group: string, rules: readonly BoolRule[]): string[] {
  const present = unit.keySet(group);
  return rules.flatMap((rule) => {
    if (!present.has(rule.key)) return [];
    const v = lookupBool(unit, group, rule.key);
    if (v === undefined) return [];
    return v ? [...rule.whenTrue] : [...(rule.whenFalse ?? [])];
  });
}
