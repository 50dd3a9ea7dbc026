// systemd's extract_first_word() loop, with the flag combinations unit files use.
import { cUnescapeOne } from './c-escape';

export const WHITESPACE = ' \t\n\r';

export interface SplitOptions {
  /** Remove quotes ("" and '') around and inside words (SPLIT_UNQUOTE). Default true. */
  readonly unquote?: boolean;
  /** Decode C escapes like \n \x41 \u00e9 (SPLIT_CUNESCAPE). Default true. */
  readonly cunescape?: boolean;
  /** Tolerate a trailing lone backslash and unbalanced quotes instead of failing (SPLIT_RELAX). Default true. */
  readonly relax?: boolean;
  /**
   * Fail on an unknown escape such as `\q` or `\;` even when relaxed. systemd keeps
   * them as written (it retries with EXTRACT_UNESCAPE_RELAX); Podman's Quadlet splits
   * with SPLIT_RELAX alone and drops the value. Default false.
   */
  readonly strictEscapes?: boolean;
  /** Word separators. Default systemd's whitespace. */
  readonly separators?: string;
  /**
   * Podman's Quadlet stops at the first empty word (`a "" b` yields just `a`);
   * set this to reproduce it. systemd itself keeps empty words.
   */
  readonly stopAtEmptyWord?: boolean;
  /**
   * 'escape' (default): a backslash starts an escape. 'literal': a backslash is an
   * ordinary character, as in Quadlet's plain list keys (AddCapability=, LogOpt=, ...).
   */
  readonly backslash?: 'escape' | 'literal';
  /** Without cunescape, keep the backslash of an escape instead of dropping it (EXTRACT_RETAIN_ESCAPE). */
  readonly retainEscape?: boolean;
  /** The value is an Exec*= command line: a lone `\;` is the literal argument `;`. */
  readonly exec?: boolean;
}

export class SplitError extends Error {
  constructor(message: string, readonly input: string) {
    super(message);
    this.name = 'SplitError';
  }
}

interface Cursor {
  readonly s: string;
  i: number;
}

function skipSeparators(cur: Cursor, seps: string): void {
  while (cur.i < cur.s.length && seps.includes(cur.s[cur.i])) cur.i++;
}

/** Reads one backslash sequence at cur.i (which points at the backslash). */
function readEscape(cur: Cursor, opts: Required<SplitOptions>): string {
  const rest = cur.s.slice(cur.i + 1);
  if (rest.length === 0) {
    if (!opts.relax) throw new SplitError('trailing backslash', cur.s);
    cur.i++;
    return '';
  }
  if (opts.cunescape) {
    const decoded = cUnescapeOne(rest);
    if (decoded === undefined) {
      if (!opts.relax || opts.strictEscapes) throw new SplitError(`invalid escape "\\${rest[0]}"`, cur.s);
      cur.i += 2;
      return '\\' + rest[0];
    }
    cur.i += 1 + decoded.length;
    return decoded.text;
  }
  cur.i += 2;
  return opts.retainEscape ? '\\' + rest[0] : rest[0];
}

/** Reads one word starting at cur.i (a non-separator); returns it and whether quotes were seen. */
// Runs of characters that are plain in every mode, consumed in one step (sticky regexes).
const PLAIN_OUTSIDE = /[^\\"' \t\n\r]+/y;
const PLAIN_IN_DOUBLE = /[^\\"]+/y;
const PLAIN_IN_SINGLE = /[^\\']+/y;

function plainRun(cur: Cursor, quote: string | undefined, opts: Required<SplitOptions>): string {
  const re = quote === '"' ? PLAIN_IN_DOUBLE : quote === "'" ? PLAIN_IN_SINGLE : opts.separators === WHITESPACE ? PLAIN_OUTSIDE : undefined;
  if (re === undefined) return '';
  re.lastIndex = cur.i;
  const m = re.exec(cur.s);
  if (m === null) return '';
  cur.i += m[0].length;
  return m[0];
}

function readWord(cur: Cursor, opts: Required<SplitOptions>): { word: string; quoted: boolean } {
  let word = '';
  let quote: string | undefined;
  let quoted = false;
  while (cur.i < cur.s.length) {
    const run = plainRun(cur, quote, opts);
    if (run !== '') {
      word += run;
      continue;
    }
    const c = cur.s[cur.i];
    if (c === '\\' && opts.backslash === 'escape') {
      word += readEscape(cur, opts);
      continue;
    }
    if (quote !== undefined) {
      cur.i++;
      if (c === quote) quote = undefined;
      else word += c;
      continue;
    }
    if (opts.unquote && (c === '"' || c === "'")) {
      quote = c;
      quoted = true;
      cur.i++;
      continue;
    }
    if (opts.separators.includes(c)) break;
    word += c;
    cur.i++;
  }
  if (quote !== undefined && !opts.relax) throw new SplitError('unbalanced quotes', cur.s);
  return { word, quoted };
}

function isEscapedSemicolon(cur: Cursor, seps: string): boolean {
  if (!cur.s.startsWith('\\;', cur.i)) return false;
  const after = cur.s[cur.i + 2];
  return after === undefined || seps.includes(after);
}

const DEFAULTS: Required<SplitOptions> = {
  unquote: true, cunescape: true, relax: true, strictEscapes: false, separators: WHITESPACE, stopAtEmptyWord: false, exec: false, backslash: 'escape', retainEscape: false,
};

/**
 * The options with defaults filled in, one field at a time. Not `{ ...DEFAULTS, ...options }`:
 * on Node 20 (V8 11.3) an object spread followed by more properties makes a new hidden class
 * on every call, so every later `opts.x` misses V8's inline caches and goes to its runtime.
 * Node 22 and later reuse the class. (With the two other such objects on the generator's
 * path, names.ts and load-units.ts: ~8,900 cache misses at 1,000 units, now none.)
 */
function withDefaults(o: SplitOptions): Required<SplitOptions> {
  return {
    unquote: o.unquote ?? DEFAULTS.unquote,
    cunescape: o.cunescape ?? DEFAULTS.cunescape,
    relax: o.relax ?? DEFAULTS.relax,
    strictEscapes: o.strictEscapes ?? DEFAULTS.strictEscapes,
    separators: o.separators ?? DEFAULTS.separators,
    stopAtEmptyWord: o.stopAtEmptyWord ?? DEFAULTS.stopAtEmptyWord,
    exec: o.exec ?? DEFAULTS.exec,
    backslash: o.backslash ?? DEFAULTS.backslash,
    retainEscape: o.retainEscape ?? DEFAULTS.retainEscape,
  };
}

/** Splits a unit-file value into words the way systemd does (RELAX|UNQUOTE|CUNESCAPE by default). */
const PLAIN = /^[^"'\\]*$/;
const WHITESPACE_RUN = /[ \t\n\r]+/;

export function splitWords(input: string, options: SplitOptions = {}): string[] {
  // Most values have no quotes or escapes: plain whitespace splitting gives the same words.
  if (options.separators === undefined && PLAIN.test(input)) {
    return input.split(WHITESPACE_RUN).filter((w) => w !== '');
  }
  const opts = withDefaults(options);
  const cur: Cursor = { s: input, i: 0 };
  const words: string[] = [];
  for (;;) {
    skipSeparators(cur, opts.separators);
    if (cur.i >= cur.s.length) return words;
    if (opts.exec && isEscapedSemicolon(cur, opts.separators)) {
      words.push(';');
      cur.i += 2;
      continue;
    }
    const { word } = readWord(cur, opts);
    if (word === '' && opts.stopAtEmptyWord) return words;
    words.push(word);
  }
}
