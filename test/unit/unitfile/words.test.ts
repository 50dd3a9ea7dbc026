import fc from 'fast-check';
import { escapeWords, quoteWord, SplitError, splitWords, UnitFileValueError } from '../../../src/unitfile';

// Any code point except NUL, which no process argument can carry.
const anyText = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\0'));
const nasty = fc.constantFrom('', ' ', '"', "'", '\\', '\n', '\t', '%', '$', ';', 'é', '\u{1F600}', ' lead', 'trail ', '\\x41', '%n', '$HOME', '\\;');
const word = fc.oneof(anyText, nasty, fc.array(nasty, { maxLength: 4 }).map((p) => p.join('')));

/** What systemd does to an Exec word after splitting: %% -> % and $$ -> $. */
const systemdLiteral = (w: string): string => w.replace(/%%/g, '%').replace(/\$\$/g, '$');

describe('splitWords follows systemd', () => {
  test.each([
    ['a b  c', ['a', 'b', 'c']],
    ['"an arg" \'single q\'', ['an arg', 'single q']],
    ['a;b\\nc\\td', ['a;b\nc\td']],
    ["'\\110ello \\127orld'", ['Hello World']],
    ['\\x41 \\u00e9 \\U0001F600 \\101', ['A', 'é', '\u{1F600}', 'A']],
    ['x"y z"w', ['xy zw']],
    ['"a\\"b"', ['a"b']],
    ['a ""  b', ['a', '', 'b']],
    ['trailing\\', ['trailing']],
    ['"unbalanced', ['unbalanced']],
  ])('%j', (input, expected) => {
    expect(splitWords(input)).toEqual(expected);
  });

  test('the fast paths agree with the character-by-character splitter', () => {
    // The same separators in another order bypass both fast paths.
    const slow = { separators: '\r\n\t ' };
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.array(nasty, { maxLength: 8 }).map((p) => p.join(' ')));
    fc.assert(fc.property(text, (s) => {
      expect(splitWords(s)).toEqual(splitWords(s, slow));
      expect(splitWords(s, { backslash: 'literal', relax: true })).toEqual(splitWords(s, { ...slow, backslash: 'literal' }));
      expect(splitWords(s, { unquote: false })).toEqual(splitWords(s, { ...slow, unquote: false }));
    }), { numRuns: 3000 });
  });

  test('Quadlet compatibility: stops at the first empty word', () => {
    expect(splitWords('a "" b', { stopAtEmptyWord: true })).toEqual(['a']);
  });

  test('without unquote/cunescape quotes and escapes stay literal', () => {
    expect(splitWords('"a b" c\\td', { unquote: false, cunescape: false })).toEqual(['"a', 'b"', 'ctd']);
  });

  test('exec mode reads \\; as the argument ";"', () => {
    expect(splitWords('echo \\; x', { exec: true })).toEqual(['echo', ';', 'x']);
  });

  test('an unknown escape is kept as written, as systemd does; strictEscapes fails on it, as Quadlet does', () => {
    expect(splitWords('a\\q "b\\;" \\x4')).toEqual(['a\\q', 'b\\;', '\\x4']);
    for (const s of ['a\\q b', '"b\\;"', '\\;', 'x \\x4', 'a\\ b']) expect(() => splitWords(s, { strictEscapes: true })).toThrow(SplitError);
    expect(splitWords('\\x41 "\\"" \\s', { strictEscapes: true })).toEqual(['A', '"', ' ']);
    // A trailing backslash is still dropped under SPLIT_RELAX.
    expect(splitWords('a\\', { strictEscapes: true })).toEqual(['a']);
  });
});

describe("Quadlet's strv reading (backslash literal, quotes only group)", () => {
  // Each case as Podman's Quadlet 5.4 reads it (LogOpt= passes the words to podman as they are).
  const strv = { stopAtEmptyWord: true, cunescape: false, backslash: 'literal', relax: false } as const;
  test.each([
    ['"a\\"', ['a\\']],
    ['"a\\" b', ['a\\', 'b']],
    ['"a\\" "b"', ['a\\', 'b']],
    ["'a\\'", ['a\\']],
    ['"a\\\\"', ['a\\\\']],
    ['a\\"b c"', ['a\\b c']],
    ['"a\\\'b"', ["a\\'b"]],
    ['"\\"', ['\\']],
    ['x "a\\"', ['x', 'a\\']],
  ])('%s', (input, expected) => {
    expect(splitWords(input, strv)).toEqual(expected);
  });
  test('a closing quote after a backslash still closes, so a later quote is unbalanced: the value fails', () => {
    expect(() => splitWords('"a\\"b"', strv)).toThrow(SplitError);
    expect(() => splitWords('"a\\"b c"', strv)).toThrow(SplitError);
  });
});

describe('escapeWords is the inverse of splitWords', () => {
  test('any list of strings splits back to itself', () => {
    fc.assert(fc.property(fc.array(word, { maxLength: 8 }), (words) => {
      expect(splitWords(escapeWords(words))).toEqual(words);
    }), { numRuns: 2000 });
  });

  test('exec mode: a lone ";" stays an argument and still round-trips', () => {
    fc.assert(fc.property(fc.array(fc.oneof(word, fc.constant(';')), { maxLength: 8 }), (words) => {
      const line = escapeWords(words, { exec: true });
      expect(splitWords(line, { exec: true })).toEqual(words);
      expect(splitWords(line, { exec: false }).filter((w) => w === ';')).toEqual([]);
    }));
  });

  test('literal mode survives systemd specifier and variable expansion', () => {
    fc.assert(fc.property(fc.array(word, { maxLength: 8 }), (words) => {
      expect(splitWords(escapeWords(words, { literal: true })).map(systemdLiteral)).toEqual(words);
    }));
  });

  test('the output is a single line', () => {
    fc.assert(fc.property(fc.array(word, { maxLength: 8 }), (words) => {
      expect(escapeWords(words)).not.toMatch(/[\n\r]/);
    }));
  });

  test('quotes only what needs it, in Quadlet\'s style', () => {
    expect(quoteWord('/some/path')).toBe('/some/path');
    expect(quoteWord('a b')).toBe('"a b"');
    expect(quoteWord('a"b')).toBe('"a\\"b"');
    expect(quoteWord("it's")).toBe('"it\'s"');
    expect(quoteWord('tab\there\n')).toBe('"tab\\there\\n"');
    expect(quoteWord('\x01')).toBe('"\\x01"');
    expect(quoteWord('')).toBe('""');
    expect(quoteWord('%n')).toBe('%n');
    expect(quoteWord('%n', { literal: true })).toBe('%%n');
  });

  test('NUL is refused', () => {
    expect(() => quoteWord('a\0b')).toThrow(UnitFileValueError);
  });
});
