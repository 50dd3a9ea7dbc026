// Turns a validated config value into the text of a unit-file line, through the
// unit-file codec. Values are LITERAL: `%` and `$` reach the container exactly
// as written (`%%`, `$$` in the unit), except `%{X}`, which asks for systemd's
// specifier `%X` (`%{h}` → the user's home, `%{i}` → the instance).
import { escapeValue, escapeWords, quoteWord, splitWords, UnitFileValueError } from '../unitfile';
import type { ValueKind } from './catalog/types';
import type { RawValue } from './ini-lines';

/** Where the line ends up decides which characters systemd would expand. */
interface EncodeContext {
  /** systemd expands `$VAR` in this line (Exec lines, and every Quadlet key: they become podman arguments). */
  readonly dollar: boolean;
}

const SPECIFIER = /%\{([A-Za-z])\}|%|\$/g;

/** The value with `%` and (when it matters) `$` doubled; `%{X}` becomes the specifier `%X`. */
function literal(value: string, ctx: EncodeContext): string {
  return value.replace(SPECIFIER, (m, spec: string | undefined) => {
    if (spec !== undefined) return `%${spec}`;
    if (m === '%') return '%%';
    return ctx.dollar ? '$$' : '$';
  });
}

export class EncodeError extends Error {}

function fail(message: string): never {
  throw new EncodeError(message);
}

function raw(text: string, ctx: EncodeContext): string {
  if (text.startsWith('"') || text.endsWith('"')) fail('Quadlet strips double quotes at either end of this key; the value can not start or end with "');
  try {
    return escapeValue(literal(text, ctx));
  } catch (e) {
    if (e instanceof UnitFileValueError) fail(`this key has no quoting, so the value can not hold line breaks, leading or trailing blanks, or end in a backslash: ${JSON.stringify(text)}`);
    throw e;
  }
}

function word(text: string, ctx: EncodeContext): string {
  if (text === '') fail('empty value: Quadlet stops reading a list at an empty word');
  return quoteWord(literal(text, ctx));
}

/**
 * A word for keys Quadlet splits without decoding escapes: backslashes stay as
 * they are, quotes only group. Whitespace and a trailing backslash need quotes,
 * and a quote character can only be inside the other kind of quotes.
 */
function strv(text: string, ctx: EncodeContext): string {
  if (text === '') fail('empty value: Quadlet stops reading a list at an empty word');
  if (/[\x00-\x08\x0a-\x1f\x7f]/.test(text)) fail(`Quadlet reads this key without escapes, so the value can not hold line breaks or control characters: ${JSON.stringify(text)}`);
  const v = literal(text, ctx);
  // Bare, a trailing backslash would join the next line; quoted it is an ordinary
  // character to Quadlet's strv reader (`"a\"` reads as `a\`).
  if (!/[\s"']/.test(v) && !v.endsWith('\\')) return v;
  if (!v.includes('"')) return `"${v}"`;
  if (!v.includes("'")) return `'${v}'`;
  return fail(`Quadlet reads this key without escapes, so a value that needs quotes (blanks, quotes, a trailing backslash) can not hold both ' and ": ${JSON.stringify(text)}`);
}

function tokens(text: string, ctx: EncodeContext): string {
  const parts = text.split(/\s+/).filter(Boolean);
  if (parts.length === 0) fail('empty value');
  return parts.map((p) => quoteWord(literal(p, ctx))).join(' ');
}

/**
 * Unit names for After=, Requires=, WantedBy= and the like. systemd splits these at
 * blanks but keeps quotes and backslashes as part of the name, so a quoted name is
 * a different, invalid one that systemd ignores with a warning: write each name bare
 * (`dev-disk-by\x2dlabel-data.device` stays as typed) and refuse what cannot be.
 */
function unitNames(text: string, ctx: EncodeContext): string {
  const parts = text.split(/\s+/).filter(Boolean);
  if (parts.length === 0) fail('empty value');
  for (const p of parts) {
    if (/["'\x00-\x1f\x7f]/.test(p)) fail(`systemd reads unit names here without quotes or escapes, so ${JSON.stringify(p)} can not be written (no quotes or control characters in a unit name)`);
    if (p.endsWith('\\')) fail(`a unit name can not end in a backslash (it would join the next line): ${JSON.stringify(p)}`);
  }
  return parts.map((p) => literal(p, ctx)).join(' ');
}

/** Words of a command line: a JSON array as is, a string split by systemd's rules. */
function commandWords(value: RawValue): string[] {
  if (value.kind === 'array') return [...value.items];
  return splitWords(value.text, { relax: false });
}

function args(value: RawValue, ctx: EncodeContext, exec: boolean): string {
  let words: string[];
  try {
    words = commandWords(value);
  } catch (e) {
    return fail(`cannot split the command line: ${(e as Error).message}`);
  }
  if (words.length === 0) fail('empty command line');
  if (words.some((w) => w === '')) fail('empty argument: Quadlet stops reading a command line at an empty word');
  refuseInvisible(words);
  if (!exec) refuseLoneSemicolon(words);
  return escapeWords(words.map((w) => literal(w, ctx)), { exec });
}

/** Unicode blanks systemd does not split at, and characters that show as nothing (U+FEFF, zero widths). */
const INVISIBLE_ONLY = /^[\u0085\u00a0\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff]+$/;

/** An argument made only of such characters is a paste accident that podman would take for a name. */
function refuseInvisible(words: readonly string[]): void {
  const bad = words.find((w) => INVISIBLE_ONLY.test(w));
  if (bad === undefined) return;
  const codes = [...new Set(bad)].map((c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`);
  fail(`an argument is only invisible characters (${codes.join(' ')}); delete it, or write the argument you meant`);
}

/**
 * Podman's Quadlet copies a word `;` into ExecStart unescaped, where systemd would
 * take it for the end of the command: no value of a key that becomes podman
 * arguments may be that word.
 */
function refuseLoneSemicolon(words: readonly string[]): void {
  if (words.includes(';')) fail('a lone ; would end the command in the generated ExecStart (Podman\'s Quadlet writes it unescaped); pass it inside a longer value or a shell command');
}

/**
 * What the programs that read a value can take. systemd refuses a whole unit
 * file with a line of LONG_LINE_MAX (1 MiB) bytes or more ("Line too long"), and
 * the kernel refuses to start a program with one argument over MAX_ARG_STRLEN
 * (32 pages: 128 KiB with its NUL) — E2BIG, so the unit could never start.
 */
export const UNIT_LINE_MAX_BYTES = 1024 * 1024 - 1;
const ARGUMENT_MAX_BYTES = 32 * 4096 - 1;
/** Room left on the line for the key and `=`. */
const KEY_ROOM = 128;

function kib(bytes: number): string {
  return `${Math.ceil(bytes / 1024)} KiB`;
}

/** Refuses a value no unit file or command line could carry, before it is written anywhere. */
function checkSize(kind: ValueKind, value: RawValue, encoded: string, ctx: EncodeContext & { readonly exec?: boolean }): void {
  const lineBytes = Buffer.byteLength(encoded);
  if (lineBytes > UNIT_LINE_MAX_BYTES - KEY_ROOM) {
    fail(`the value is ${kib(lineBytes)} written out; systemd reads unit-file lines of less than 1 MiB and would refuse to load the unit ("Line too long")`);
  }
  // Words that become arguments of a program: Exec lines, and Quadlet keys (podman's command line).
  if (!ctx.dollar || kind === 'bool' || kind === 'units') return;
  const words = value.kind === 'array' ? value.items : kind === 'args' ? commandWords(value) : kind === 'tokens' ? value.text.split(/\s+/) : [value.text];
  const longest = words.reduce((m, w) => Math.max(m, Buffer.byteLength(w)), 0);
  if (longest > ARGUMENT_MAX_BYTES) {
    fail(`a word of ${kib(longest)} becomes one argument of the command systemd starts; Linux allows at most 128 KiB per argument (MAX_ARG_STRLEN), so the unit could never start — keep large data in a file (EnvironmentFile=, a volume)`);
  }
}

/** The unit-file text for one value; throws EncodeError with a message for the user. */
export function encodeValue(kind: ValueKind, value: RawValue, ctx: EncodeContext & { readonly exec?: boolean }): string {
  try {
    const encoded = encodeUnchecked(kind, value, ctx);
    checkSize(kind, value, encoded, ctx);
    return encoded;
  } catch (e) {
    // The codec refuses what no unit file can carry (a NUL, for one): the user's error, not a crash.
    if (e instanceof UnitFileValueError) fail(`cannot be written into a unit file: ${e.message}`);
    throw e;
  }
}

function encodeUnchecked(kind: ValueKind, value: RawValue, ctx: EncodeContext & { readonly exec?: boolean }): string {
  if (kind === 'args') return args(value, ctx, ctx.exec ?? false);
  if (value.kind === 'array') fail('a JSON array is only for command lines (Exec, PodmanArgs, GlobalArgs, Service.Exec…)');
  const text = value.text;
  // `dollar` without `exec`: a Quadlet key, whose words Quadlet writes into ExecStart itself.
  if (ctx.dollar && !ctx.exec && kind !== 'bool') refuseLoneSemicolon(kind === 'tokens' || kind === 'units' ? text.split(/\s+/) : [text]);
  const table: Record<Exclude<ValueKind, 'args'>, () => string> = {
    raw: () => raw(text, ctx),
    bool: () => raw(text, ctx),
    word: () => word(text, ctx),
    strv: () => strv(text, ctx),
    tokens: () => tokens(text, ctx),
    units: () => unitNames(text, ctx),
  };
  return table[kind]();
}
