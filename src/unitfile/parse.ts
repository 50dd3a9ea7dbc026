// systemd's unit-file grammar as Podman's Quadlet reads it: continuation lines
// are joined first (skipping comment and blank lines inside a continuation),
// then each logical line is a comment, a [group] header or a key=value pair.
import { trimLineBlanks } from './blanks';
import { UnitFileParseError } from './errors';
import type { CommentLine, Group } from './model';
import { UnitFile } from './unit-file';

interface LogicalLine {
  readonly text: string;
  readonly line: number;
  readonly comment: boolean;
}

/** A UTF-8 byte-order mark opening a file is no part of its first line (systemd skips it too). */
const withoutBom = (line: string): string => (line.startsWith('\ufeff') ? line.slice(1) : line);

const isCommentText = (t: string): boolean => t.startsWith('#') || t.startsWith(';');

/** Joins backslash-continued lines; blanks around each physical line are dropped, as Quadlet drops them. */
function logicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  let acc: string | undefined;
  let start = 0;
  // Split on \n alone: trimLineBlanks below also drops the \r of a CRLF line.
  const physical = text.split('\n');
  if (physical.length > 0 && physical[physical.length - 1] === '') physical.pop();
  for (let index = 0; index < physical.length; index++) {
    const t = trimLineBlanks(index === 0 ? withoutBom(physical[index]) : physical[index]);
    if (acc !== undefined) {
      if (t === '' || isCommentText(t)) continue;
    } else {
      start = index + 1;
      if (t === '' || isCommentText(t)) {
        out.push({ text: t, line: start, comment: true });
        continue;
      }
    }
    if (t.endsWith('\\')) {
      acc = (acc ?? '') + t.slice(0, -1);
      continue;
    }
    out.push({ text: (acc ?? '') + t, line: start, comment: false });
    acc = undefined;
  }
  if (acc !== undefined) out.push({ text: acc, line: start, comment: false });
  return out;
}

const GROUP = /^\[([^[\]]+)\]$/;

function notAPair(file: string | undefined, l: LogicalLine): UnitFileParseError {
  return new UnitFileParseError(
    `file contains line ${l.line}: “${l.text}” which is not a key-value pair, group, or comment`, file, l.line,
  );
}

/** Parses unit-file text; `file` only labels errors and becomes UnitFile.path. */
export function parseUnitFile(text: string, file?: string): UnitFile {
  const groups: Group[] = [];
  let pending: CommentLine[] = [];
  let current: Group | undefined;
  const lines = logicalLines(text);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as LogicalLine;
    if (l.comment) {
      pending.push({ kind: 'comment', text: l.text });
      continue;
    }
    const header = GROUP.exec(l.text);
    if (header) {
      // Comments above a header belong to that group; blank lines right after the previous group do not.
      while (pending.length > 0 && pending[0].text === '' && current !== undefined) pending.shift();
      // A group written twice is one group, as systemd reads it.
      const again = groups.find((g) => g.name === header[1]);
      if (again) for (const p of pending) again.lines.push(p);
      current = again ?? { name: header[1], prefix: pending, lines: [], line: l.line };
      if (!again) groups.push(current);
      pending = [];
      continue;
    }
    const eq = l.text.indexOf('=');
    const key = eq > 0 ? trimLineBlanks(l.text.slice(0, eq)) : '';
    if (key === '') throw notAPair(file, l);
    if (current === undefined) throw new UnitFileParseError('key file does not start with a group', file, l.line);
    // Loops, not push(...): a spread of tens of thousands of lines overflows the stack.
    for (const p of pending) current.lines.push(p);
    current.lines.push({ kind: 'key', key, value: trimLineBlanks(l.text.slice(eq + 1)), line: l.line });
    pending = [];
  }
  if (current !== undefined) for (const p of pending) current.lines.push(p);
  const unit = new UnitFile(groups, file);
  if (current === undefined) unit.leadingComments = pending;
  return unit;
}
