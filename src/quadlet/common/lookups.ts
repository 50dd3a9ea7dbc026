// The four ways Quadlet reads a key's values. Which one a key uses decides how
// quotes and escapes in it are treated, so each table row names its lookup.
import { parseBoolean, type UnitFile } from '../../unitfile';
import { lookupWords, QUADLET_STRV_SPLIT } from './split';

export type LookupKind =
  /** Last value, surrounding double quotes trimmed, unset when empty. */
  | 'last'
  /** Like 'last', but an empty value still counts as set (LogDriver=, SeccompProfile=). */
  | 'lastOrEmpty'
  /** Every value as written (empty assignment resets). */
  | 'all'
  /** Every value split into words with quotes and C escapes decoded; a value with an unknown escape is dropped. */
  | 'words'
  /**
   * Every value split into words; quotes removed, backslashes are ordinary characters
   * (`"a\"` is `a\`), and a value with unbalanced quotes yields nothing (Quadlet drops it).
   */
  | 'strv';

/**
 * How Quadlet unquotes a single value: up to 5.8.1 it trims every leading and trailing
 * double quote; from 5.8.2 only one matched pair. Set for the span of one run of
 * translateEach (which also covers its callers writing each unit out, so nothing read
 * then sees another run's rule) rather than threaded through every lookup.
 */
let matchedPairOnly = false;

export function withQuoteRule<T>(matchedPair: boolean, run: () => T): T {
  const saved = matchedPairOnly;
  matchedPairOnly = matchedPair;
  try {
    return run();
  } finally {
    matchedPairOnly = saved;
  }
}

export function trimQuotes(value: string): string {
  if (matchedPairOnly) return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  return value.replace(/^"+/, '').replace(/"+$/, '');
}

export function lookupLast(unit: UnitFile, group: string, key: string): string | undefined {
  const v = unit.lookup(group, key);
  if (v === undefined) return undefined;
  const trimmed = trimQuotes(v);
  return trimmed === '' ? undefined : trimmed;
}

const READERS: Readonly<Record<LookupKind, (u: UnitFile, g: string, k: string) => string[]>> = {
  last: (u, g, k) => {
    const v = lookupLast(u, g, k);
    return v === undefined ? [] : [v];
  },
  lastOrEmpty: (u, g, k) => {
    const v = u.lookup(g, k);
    return v === undefined ? [] : [trimQuotes(v)];
  },
  all: (u, g, k) => u.lookupAll(g, k).filter((v) => v !== ''),
  words: (u, g, k) => lookupWords(u, g, k),
  strv: (u, g, k) => lookupWords(u, g, k, QUADLET_STRV_SPLIT),
};

export function lookupValues(unit: UnitFile, group: string, key: string, kind: LookupKind): string[] {
  // Most keys of a type are absent from any one unit: answer those without building anything.
  return unit.hasKey(group, key) ? READERS[kind](unit, group, key) : [];
}

/**
 * Quadlet's booleans: unset is undefined; once the key is present any value that is
 * not a systemd "true" spelling (after trimming quotes) counts as false.
 */
export function lookupBool(unit: UnitFile, group: string, key: string): boolean | undefined {
  const v = unit.lookup(group, key);
  return v === undefined ? undefined : (parseBoolean(trimQuotes(v).trim()) ?? false);
}
