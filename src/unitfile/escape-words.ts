// The inverse of splitWords: any string, quoted this way, splits back to itself.
import { QUADLET_BLANK } from './blanks';
import { cEscapeChar } from './c-escape';
import { UnitFileValueError } from './errors';

interface QuoteOptions {
  /**
   * Also neutralise systemd's own expansions: `%` specifiers become `%%` and
   * `$VAR` becomes `$$VAR`. Use for values from config that systemd must pass
   * through literally; leave off to keep Quadlet's behaviour (specifiers intended).
   */
  readonly literal?: boolean;
  /**
   * The words form an Exec*= command line, where a lone `;` separates commands:
   * write it as `\;` so it stays an argument. splitWords({ exec: true }) reads it back.
   */
  readonly exec?: boolean;
}

/**
 * Characters that force quoting: separators, quotes, backslash, control characters; and
 * a Unicode blank at either end, which a bare word at the end of a line would lose to
 * Quadlet's line trim. One expression: it runs for every word of every command written.
 */
const NEEDS_QUOTING = new RegExp(`[ "'\\\\\\x00-\\x1f\\x7f]|^[${QUADLET_BLANK}]|[${QUADLET_BLANK}]$`);

/** The characters cEscapeChar changes; every other character is written as it is. */
const ESCAPED = /[\x00-\x1f\x7f"\\]/g;

function needsQuoting(word: string): boolean {
  return word === '' || NEEDS_QUOTING.test(word);
}

function literalise(word: string): string {
  return word.replace(/%/g, '%%').replace(/\$/g, '$$$$');
}

/** Quotes one word so splitWords() returns exactly it (Quadlet's output style). */
export function quoteWord(word: string, options: QuoteOptions = {}): string {
  const text = options.literal ? literalise(word) : word;
  if (options.exec && text === ';') return '\\;';
  // A word with a NUL needs quoting: only such words are searched for one.
  if (!needsQuoting(text)) return text;
  // A NUL cannot reach a process argument at all; refuse rather than truncate silently.
  if (word.includes('\0')) throw new UnitFileValueError(`word contains NUL: ${JSON.stringify(word)}`);
  return `"${text.replace(ESCAPED, cEscapeChar)}"`;
}

/** Joins words into one unit-file value, each quoted as needed. */
export function escapeWords(words: readonly string[], options: QuoteOptions = {}): string {
  return words.map((w) => quoteWord(w, options)).join(' ');
}
