// Which blanks the readers of a unit file drop at the ends of a line, a key or a
// value. systemd strips only its own WHITESPACE; Podman's Quadlet (Go) trims each
// line with strings.TrimSpace, so also the Unicode spaces (U+00A0 and the like).
// Neither drops U+FEFF, which JavaScript's trim() does: a value holding one must
// read back with it, not as empty.
import { WHITESPACE } from './split-words';

const SYSTEMD_EDGES = new RegExp(`^[${WHITESPACE}]+|[${WHITESPACE}]+$`, 'g');

/** Go's unicode.IsSpace: what Quadlet trims from each line. A superset of systemd's WHITESPACE. */
export const QUADLET_BLANK = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const QUADLET_EDGES = new RegExp(`^[${QUADLET_BLANK}]+|[${QUADLET_BLANK}]+$`, 'g');
const QUADLET_EDGE = new RegExp(`^[${QUADLET_BLANK}]|[${QUADLET_BLANK}]$`);

/** `text` without systemd's whitespace (space, tab, newline, carriage return) at either end. */
export function trimWhitespace(text: string): string {
  return text.replace(SYSTEMD_EDGES, '');
}

/** Where JavaScript's trim() and Go's TrimSpace differ: trim() drops U+FEFF and keeps U+0085. */
const TRIM_DIFFERS = /[\ufeff\u0085]/;

/** `text` as Quadlet trims a line: without Go's Unicode blanks at either end. */
export function trimLineBlanks(text: string): string {
  // The generator trims every line of every unit: the native trim() where it agrees with Go.
  return TRIM_DIFFERS.test(text) ? text.replace(QUADLET_EDGES, '') : text.trim();
}

/** True when systemd or Quadlet would drop a character at an end of `text` (written bare). */
export function hasEdgeBlank(text: string): boolean {
  return QUADLET_EDGE.test(text);
}
