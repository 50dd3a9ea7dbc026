// systemd's C-escape grammar (cunescape_one): the single source of truth for
// how a backslash sequence inside a unit-file word decodes. Both the splitter
// and the quoter use it so their round trip cannot drift apart.

const SIMPLE: Readonly<Record<string, string>> = {
  a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  '\\': '\\', '"': '"', "'": "'", s: ' ',
};

const HEX = /^[0-9a-fA-F]+$/;
const OCT = /^[0-7]+$/;

interface Unescaped {
  /** Characters consumed after the backslash. */
  readonly length: number;
  readonly text: string;
}

function fixedDigits(rest: string, skip: number, count: number, digits: RegExp, radix: number): number | undefined {
  const body = rest.slice(skip, skip + count);
  if (body.length !== count || !digits.test(body)) return undefined;
  return parseInt(body, radix);
}

/** Decodes the escape that follows a backslash, or undefined when systemd rejects it (NUL included). */
export function cUnescapeOne(rest: string): Unescaped | undefined {
  const c = rest[0];
  if (c === undefined) return undefined;
  const simple = SIMPLE[c];
  if (simple !== undefined) return { length: 1, text: simple };
  const coded: Array<[string, number, number, RegExp, number, number]> = [
    // [lead, skip, digits, charset, radix, max]
    ['x', 1, 2, HEX, 16, 0xff],
    ['u', 1, 4, HEX, 16, 0xffff],
    ['U', 1, 8, HEX, 16, 0x10ffff],
  ];
  for (const [lead, skip, count, digits, radix, max] of coded) {
    if (c !== lead) continue;
    const v = fixedDigits(rest, skip, count, digits, radix);
    if (v === undefined || v === 0 || v > max || (v >= 0xd800 && v <= 0xdfff)) return undefined;
    return { length: skip + count, text: String.fromCodePoint(v) };
  }
  if (c >= '0' && c <= '7') {
    const v = fixedDigits(rest, 0, 3, OCT, 8);
    if (v === undefined || v === 0 || v > 0xff) return undefined;
    return { length: 3, text: String.fromCodePoint(v) };
  }
  return undefined;
}

const ESCAPE_OUT: Readonly<Record<string, string>> = {
  '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v',
  '\\': '\\\\', '"': '\\"',
};

/** C-escapes one character for use inside a double-quoted word. */
export function cEscapeChar(ch: string): string {
  const simple = ESCAPE_OUT[ch];
  if (simple !== undefined) return simple;
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
  return ch;
}
