// Reads the config's INI text line by line. Values are decoded by the `ini`
// package's own value grammar (ini.unsafe: "…" JSON strings, '…' literals,
// `;`/`#` comments, `\;` `\#` escapes); the structure is scanned here because
// ini.decode keeps no line numbers, counts repeated keys across sections and
// nests sections at dots.
import ini from 'ini';
import type { IssueList } from './issues';

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

function decodeArray(raw: string): RawValue | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    return `value starts with [ but is not a JSON array of strings: ${(e as Error).message}`;
  }
  if (!Array.isArray(parsed) || !parsed.every((x): x is string => typeof x === 'string')) return 'a JSON array value must hold only strings';
  return { kind: 'array', items: parsed };
}

/** The decoded value, or an error message. */
function decodeValue(raw: string): RawValue | string {
  const t = raw.trim();
  if (t.startsWith('[')) return decodeArray(t);
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    try {
      return { kind: 'text', text: String(JSON.parse(t)) };
    } catch {
      return `quoted value is not a valid JSON string (escape " as \\" and \\ as \\\\): ${t}`;
    }
  }
  const glued = gluedComment(t);
  if (glued) return `'${glued}' starts a comment in the middle of this value; write \\${glued}, or quote the whole value`;
  return { kind: 'text', text: ini.unsafe(t) };
}

export function scanIni(text: string, file: string, issues: IssueList): IniSection[] {
  const sections: IniSection[] = [];
  let current: IniSection | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (isComment(trimmed)) return;
    const header = SECTION.exec(trimmed);
    if (header) {
      current = { name: ini.unsafe(header[1]).trim(), line, entries: [] };
      sections.push(current);
      return;
    }
    const pair = PAIR.exec(trimmed);
    if (!pair) {
      issues.add({ file, line, section: current?.name, message: `cannot parse ${JSON.stringify(trimmed)}: expected KEY = VALUE, a [section] or a comment` });
      return;
    }
    const key = ini.unsafe(pair[1]).trim();
    if (current === undefined) {
      issues.add({ file, line, key, message: 'key before any [section]' });
      return;
    }
    const value = decodeValue(pair[2]);
    if (typeof value === 'string') issues.add({ file, line, section: current.name, key, message: value });
    else current.entries.push({ key, value, line });
  });
  return sections;
}
