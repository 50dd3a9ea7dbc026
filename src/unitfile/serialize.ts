// Writes a UnitFile back out. Every key, value and group name is checked so
// that nothing written can start a new line, key or group when systemd reads it.
import { hasEdgeBlank } from './blanks';
import { UnitFileValueError } from './errors';
import type { Group, Line } from './model';
import type { UnitFile } from './unit-file';

const LINE_BREAKING = /[\n\r\0]/;

/** Throws unless `value` reads back as itself in a raw (non word-split) key. */
export function checkRawValue(value: string, what = 'value'): string {
  if (LINE_BREAKING.test(value)) throw new UnitFileValueError(`${what} contains a line break or NUL: ${JSON.stringify(value)}`);
  if (value.endsWith('\\')) throw new UnitFileValueError(`${what} ends with a backslash, which would join the next line: ${JSON.stringify(value)}`);
  return value;
}

/**
 * The value for a key that systemd does not word-split: returned unchanged when
 * it reads back as itself, otherwise a UnitFileValueError (a raw value has no escape syntax).
 */
export function escapeValue(value: string): string {
  checkRawValue(value);
  if (hasEdgeBlank(value)) throw new UnitFileValueError(`value has leading or trailing blanks, which systemd or Quadlet drop: ${JSON.stringify(value)}`);
  return value;
}

/** Key names that passed checkKey: a generator writes the same few dozen keys thousands of times. */
const validKeys = new Set<string>();

function checkKey(key: string): string {
  if (validKeys.has(key)) return key;
  if (!/^[A-Za-z0-9_.@:-]+$/.test(key)) throw new UnitFileValueError(`invalid key name ${JSON.stringify(key)}`);
  validKeys.add(key);
  return key;
}

function checkGroupName(name: string): string {
  if (name === '' || /[[\]\n\r\0]/.test(name)) throw new UnitFileValueError(`invalid group name ${JSON.stringify(name)}`);
  return name;
}

function checkComment(text: string): string {
  if (LINE_BREAKING.test(text)) throw new UnitFileValueError(`comment contains a line break: ${JSON.stringify(text)}`);
  if (text !== '' && !text.startsWith('#') && !text.startsWith(';')) throw new UnitFileValueError(`comment must start with # or ;: ${JSON.stringify(text)}`);
  return text;
}

function lineText(l: Line): string {
  if (l.kind === 'comment') return checkComment(l.text);
  return `${checkKey(l.key)}=${checkRawValue(l.value, `value of ${l.key}`)}`;
}

// Plain string appends and indexed loops: a generator serialises thousands of groups
// per run on V8's baseline tiers, where building arrays per line, and each step of a
// for-of (an iterator result object), showed up in its profile.
function linesText(lines: readonly Line[]): string {
  let out = '';
  for (let i = 0; i < lines.length; i++) out += lineText(lines[i] as Line) + '\n';
  return out;
}

function groupText(g: Group, first: boolean): string {
  return `${first ? '' : '\n'}${linesText(g.prefix)}[${checkGroupName(g.name)}]\n${linesText(g.lines)}`;
}

/** The file's text; `header` lines (already comments) go first. */
export function serializeUnitFile(unit: UnitFile, header: readonly string[] = []): string {
  let out = '';
  for (const l of header) out += checkComment(l) + '\n';
  for (const c of unit.leadingComments) out += checkComment(c.text) + '\n';
  const groups = unit.groups;
  for (let i = 0; i < groups.length; i++) out += groupText(groups[i] as Group, i === 0);
  return out;
}
