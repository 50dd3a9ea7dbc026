// Reads the config's INI text line by line, by the rules docs/config.md gives:
// "…" is a JSON string, '…' keeps its contents as written, [...] is a JSON array
// of words, and in other text `;`/`#` start a comment unless written `\;` `\#`.
// Hand-written rather than the `ini` package: ini.decode keeps no line numbers,
// counts repeated keys across sections and nests sections at dots, and its value
// decoder JSON-parses '…' contents (so '{"A":1}' became an object, 'null' null).
import { trimWhitespace } from '../unitfile';
import type { IssueList } from './issues';
import { failed, ok, type Result } from '../result';

/** A value as written: plain text, or a JSON array of words (for command lines). */
export type RawValue = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'array'; readonly items: readonly string[] };

export interface IniEntry {
  readonly key: string;
  readonly value: RawValue;
  readonly line: number;
}

export interface IniSection {
  readonly name: string;
  readonly line: number;
  readonly entries: IniEntry[];
}

// `s`: a value may hold U+2028/U+2029, which `.` would not match.
const SECTION = /^\[([^\]]*)\]\s*$/s;
const PAIR = /^([^=]+)=(.*)$/s;

function isComment(trimmed: string): boolean {
  return trimmed === '' || trimmed.startsWith(';') || trimmed.startsWith('#');
}

/** A `;` or `#` glued to the text before it is almost always meant as part of the value. */
function gluedComment(raw: string): string | undefined {
  let escaped = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (escaped) escaped = false;
    else if (c === '\\') escaped = true;
    else if (c === ';' || c === '#') return i > 0 && !/\s/.test(raw[i - 1]) ? c : undefined;
  }
  return undefined;
}

function decodeArray(raw: string): Result<RawValue> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    return failed(`value starts with [ but is not a JSON array of strings: ${(e as Error).message}`);
  }
  if (!Array.isArray(parsed) || !parsed.every((x): x is string => typeof x === 'string')) return failed('a JSON array value must hold only strings');
  return ok({ kind: 'array', items: parsed });
}

/** '…' written around a text: its contents exactly, with no JSON and no escapes. */
function singleQuoted(t: string): string | undefined {
  return t.length >= 2 && t.startsWith("'") && t.endsWith("'") ? t.slice(1, -1) : undefined;
}

/** Unquoted text up to the first `;` or `#` comment; `\;` and `\#` write the character, other backslashes stay. */
function uncommented(t: string): string {
  let out = '';
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (c === ';' || c === '#') break;
    if (c === '\\' && (t[i + 1] === ';' || t[i + 1] === '#' || t[i + 1] === '\\')) {
      out += t[++i];
      continue;
    }
    out += c;
  }
  return trimWhitespace(out);
}

/** A key, section name or plain value: '…' literally, else the text before any comment. */
function plainText(raw: string): string {
  const t = trimWhitespace(raw);
  return singleQuoted(t) ?? uncommented(t);
}

/** The decoded value, or why it is not one. */
function decodeValue(raw: string): Result<RawValue> {
  const t = trimWhitespace(raw);
  if (t.startsWith('[')) return decodeArray(t);
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    try {
      return ok({ kind: 'text', text: String(JSON.parse(t)) });
    } catch {
      return failed(`quoted value is not a valid JSON string (escape " as \\" and \\ as \\\\): ${t}`);
    }
  }
  const literal = singleQuoted(t);
  if (literal !== undefined) return ok({ kind: 'text', text: literal });
  const glued = gluedComment(t);
  if (glued) return failed(`'${glued}' starts a comment in the middle of this value; write \\${glued}, or quote the whole value`);
  return ok({ kind: 'text', text: uncommented(t) });
}

export function scanIni(text: string, file: string, issues: IssueList): IniSection[] {
  const sections: IniSection[] = [];
  let current: IniSection | undefined;
  // Blanks are systemd's (space, tab, newline, CR), so a value of only U+FEFF or U+00A0 stays
  // one for the checks to name, instead of vanishing; a byte-order mark opening the file is dropped.
  text.replace(/^\ufeff/, '').split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = trimWhitespace(raw);
    if (isComment(trimmed)) return;
    const header = SECTION.exec(trimmed);
    if (header) {
      current = { name: plainText(header[1]), line, entries: [] };
      sections.push(current);
      return;
    }
    const pair = PAIR.exec(trimmed);
    if (!pair) {
      issues.add({ file, line, section: current?.name, message: `cannot parse ${JSON.stringify(trimmed)}: expected KEY = VALUE, a [section] or a comment` });
      return;
    }
    const key = plainText(pair[1]);
    if (current === undefined) {
      issues.add({ file, line, key, message: 'key before any [section]' });
      return;
    }
    const value = decodeValue(pair[2]);
    if (!value.ok) issues.add({ file, line, section: current.name, key, message: value.error });
    else current.entries.push({ key, value: value.value, line });
  });
  return sections;
}
