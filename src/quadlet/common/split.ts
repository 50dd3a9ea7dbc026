// How Podman's Quadlet splits values into words, and what it does with a value it
// cannot split: it drops that value and goes on, without a message.
import { SplitError, splitWords, type SplitOptions, type UnitFile } from '../../unitfile';
import type { TranslateContext } from '../types';

/**
 * Quadlet's exec-like split (SPLIT_RELAX|SPLIT_UNQUOTE|SPLIT_CUNESCAPE): systemd's
 * rules, but it stops at the first empty word, and an unknown escape (`\q`, `\;`)
 * fails, as there is no SPLIT_UNESCAPE_RELAX.
 */
export const QUADLET_SPLIT: SplitOptions = { stopAtEmptyWord: true, strictEscapes: true };

/**
 * Quadlet's strv split (SPLIT_RETAIN_ESCAPE|SPLIT_UNQUOTE, like systemd's
 * config_parse_strv): a backslash is an ordinary character, so `"a\"` is `a\`;
 * quotes only group, and unbalanced quotes fail.
 */
export const QUADLET_STRV_SPLIT: SplitOptions = { stopAtEmptyWord: true, cunescape: false, backslash: 'literal', relax: false };

/** One value's words, or undefined where Quadlet's split fails. */
export function splitValue(value: string, options: SplitOptions = QUADLET_SPLIT): string[] | undefined {
  try {
    return splitWords(value, options);
  } catch (e) {
    if (e instanceof SplitError) return undefined;
    throw e;
  }
}

/** The words of every value of the key (an empty value resets); a value that fails to split is left out. */
export function lookupWords(unit: UnitFile, group: string, key: string, options: SplitOptions = QUADLET_SPLIT): string[] {
  return unit.lookupAll(group, key).flatMap((v) => splitValue(v, options) ?? []);
}

/**
 * The last value's words (undefined when absent or unsplittable); from 5.6 Quadlet also reports why (Exec=, ReloadCmd=) a value
 * cannot be split, in Go's words.
 */
export function lookupLastWordsReporting(unit: UnitFile, group: string, key: string, ctx: TranslateContext): string[] | undefined {
  const v = unit.lookup(group, key);
  if (v === undefined) return undefined;
  try {
    return splitWords(v, QUADLET_SPLIT);
  } catch (e) {
    if (!(e instanceof SplitError)) throw e;
    if (ctx.level.has('exec-split-warning')) ctx.warn(goSplitProblem(e));
    return undefined;
  }
}

/** Quadlet's (Go's) words for why a value does not split. */
export function goSplitProblem(e: SplitError): string {
  if (e.message.startsWith('invalid escape')) return 'unsupported escape char';
  if (e.message.startsWith('trailing backslash')) return 'unbalanced escape';
  return 'unbalanced quotes';
}
