import fc from 'fast-check';
import { escapeValue, escapeWords, parseUnitFile, serializeUnitFile, UnitFile, UnitFileParseError, UnitFileValueError } from '../../../src/unitfile';

describe('parseUnitFile', () => {
  test('groups, ordered and repeated keys, trimmed keys and values', () => {
    const u = parseUnitFile('[A]\nK=1\n  K = 2  \nL=x\n[B]\nK=3\n');
    expect(u.groupNames()).toEqual(['A', 'B']);
    expect(u.rawValues('A', 'K')).toEqual(['1', '2']);
    expect(u.lookup('A', 'K')).toBe('2');
    expect(u.keys('A')).toEqual(['K', 'L']);
    expect(u.lookup('B', 'K')).toBe('3');
  });

  test('a group written twice is one group', () => {
    const u = parseUnitFile('[A]\nK=1\n[B]\nX=1\n[A]\nK=2\n');
    expect(u.groupNames()).toEqual(['A', 'B']);
    expect(u.rawValues('A', 'K')).toEqual(['1', '2']);
  });

  test('# and ; comments are not keys', () => {
    const u = parseUnitFile('[A]\n# K=1\n; K=2\nK=3\n');
    expect(u.rawValues('A', 'K')).toEqual(['3']);
  });

  test('backslash continuation joins lines, skipping comments and blank lines inside it', () => {
    const u = parseUnitFile('[A]\nK=a \\\n   b  \\\n# c\n ; d\n\n  c\nL=x\\\ny\nM=end\\\n');
    expect(u.lookup('A', 'K')).toBe('a b  c');
    expect(u.lookup('A', 'L')).toBe('xy');
    expect(u.lookup('A', 'M')).toBe('end');
  });

  test('trailing whitespace after the backslash still continues', () => {
    const u = parseUnitFile('[A]\nExec="/bin/x y" --arg1 \\ \n  "arg 2"\n');
    expect(u.lookup('A', 'Exec')).toBe('"/bin/x y" --arg1 "arg 2"');
  });

  test('a comment ending in a backslash does not swallow the next line', () => {
    const u = parseUnitFile('[A]\n# note \\\nK=1\n');
    expect(u.lookup('A', 'K')).toBe('1');
  });

  test('errors name the file and line in Quadlet\'s words', () => {
    expect(() => parseUnitFile('[A]\nK=1\nnoequals\n', 'f.container')).toThrow(
      expect.objectContaining({ line: 3, file: 'f.container', detail: 'file contains line 3: “noequals” which is not a key-value pair, group, or comment' }),
    );
    expect(() => parseUnitFile('K=1\n[A]\n')).toThrow('key file does not start with a group');
    expect(() => parseUnitFile('[A\n')).toThrow(UnitFileParseError);
    expect(() => parseUnitFile('[A]\n=x\n')).toThrow(UnitFileParseError);
  });

  test('specifiers are left alone', () => {
    expect(parseUnitFile('[A]\nK=%n %N %t %h %%\n').lookup('A', 'K')).toBe('%n %N %t %h %%');
  });
});

describe('UnitFile lookups', () => {
  const u = parseUnitFile('[A]\nL=a\nL=b\nL=\nL=c "d e"\nB=yes\nN=0x10\nE=\n');
  test('an empty assignment resets a list', () => {
    expect(u.lookupAll('A', 'L')).toEqual(['c "d e"']);
    expect(u.lookupAllWords('A', 'L')).toEqual(['c', 'd e']);
  });
  test('booleans and integers', () => {
    expect(u.lookupBoolean('A', 'B')).toBe(true);
    expect(u.lookupBoolean('A', 'L')).toBeUndefined();
    expect(u.lookupInt('A', 'N')).toBe(16);
    expect(u.lookupInt('A', 'B')).toBeUndefined();
  });
  test('empty last value', () => {
    expect(u.lookup('A', 'E')).toBe('');
    expect(u.lookupNonEmpty('A', 'E')).toBeUndefined();
  });
});

describe('UnitFile edits', () => {
  test('set replaces every occurrence, add appends, prepend goes first', () => {
    const u = parseUnitFile('[A]\nK=1\nX=0\nK=2\n');
    u.set('A', 'K', '3');
    u.add('A', 'Y', 'y');
    u.prepend('A', 'Z', 'z');
    expect(serializeUnitFile(u)).toBe('[A]\nZ=z\nX=0\nK=3\nY=y\n');
  });
  test('setLast replaces only the last occurrence in place (Quadlet style)', () => {
    const u = parseUnitFile('[A]\nK=1\nX=0\nK=2\n');
    u.setLast('A', 'K', '3');
    u.setLast('A', 'N', 'new');
    expect(serializeUnitFile(u)).toBe('[A]\nK=1\nX=0\nK=3\nN=new\n');
  });

  test('rename and merge drop-ins', () => {
    const u = parseUnitFile('[Container]\nImage=a\n');
    u.merge(parseUnitFile('[Container]\nImage=b\n[Unit]\nDescription=d\n'));
    u.renameGroup('Container', 'X-Container');
    expect(u.lookup('X-Container', 'Image')).toBe('b');
    expect(u.groupNames()).toEqual(['X-Container', 'Unit']);
  });
});

describe('serialisation', () => {
  test('comments and blank lines survive; comments above a header stay above it (as Quadlet writes them)', () => {
    const text = '#top\n[A]\nK=1\n# in A\nK=2\n# c\n\n[B]\nL=2\n';
    expect(serializeUnitFile(parseUnitFile(text))).toBe('#top\n[A]\nK=1\n# in A\nK=2\n\n# c\n\n[B]\nL=2\n');
  });

  const anyValue = fc.string({ unit: 'binary', maxLength: 30 });
  test('a value either reads back as itself or is refused: it never adds a line or key', () => {
    fc.assert(fc.property(anyValue, fc.array(anyValue, { maxLength: 3 }), (value, others) => {
      const u = new UnitFile();
      u.add('S', 'Key', value);
      for (const o of others) u.add('S', 'Other', o);
      let text: string;
      try {
        text = serializeUnitFile(u);
      } catch (e) {
        expect(e).toBeInstanceOf(UnitFileValueError);
        return;
      }
      const back = parseUnitFile(text);
      expect(back.keys('S').every((k) => k === 'Key' || k === 'Other')).toBe(true);
      expect(back.rawValues('S', 'Key')).toHaveLength(1);
      expect(back.rawValues('S', 'Other')).toHaveLength(others.length);
      // Blanks at the ends go as Quadlet (Go's unicode.IsSpace) trims them: U+FEFF is no blank, U+0085 is.
      expect(back.lookup('S', 'Key')).toBe(value.replace(/^(?:[^\S\ufeff]|\u0085)+|(?:[^\S\ufeff]|\u0085)+$/g, ''));
    }), { numRuns: 2000 });
  });

  test('escapeValue accepts exactly the values that round-trip unchanged', () => {
    fc.assert(fc.property(anyValue, (value) => {
      let ok = true;
      try { escapeValue(value); } catch { ok = false; }
      if (!ok) return;
      const u = new UnitFile();
      u.add('S', 'Key', value);
      expect(parseUnitFile(serializeUnitFile(u)).lookup('S', 'Key')).toBe(value);
    }), { numRuns: 2000 });
    expect(() => escapeValue('a\nInjected=1')).toThrow(UnitFileValueError);
    expect(() => escapeValue('ends\\')).toThrow(UnitFileValueError);
  });

  test('whole files round-trip: serialise then parse gives the same groups, keys and values', () => {
    const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,8}$/);
    const value = fc.string({ unit: 'binary', maxLength: 20 }).filter((v) => {
      try { escapeValue(v); return true; } catch { return false; }
    });
    const group = fc.record({ name, lines: fc.array(fc.tuple(name, value), { maxLength: 5 }) });
    fc.assert(fc.property(fc.array(group, { minLength: 1, maxLength: 4 }), (groups) => {
      const u = new UnitFile();
      for (const g of groups) {
        u.ensureGroup(g.name);
        for (const [k, v] of g.lines) u.add(g.name, k, v);
      }
      const back = parseUnitFile(serializeUnitFile(u));
      expect(back.groupNames()).toEqual(u.groupNames());
      for (const g of u.groupNames()) {
        expect(back.keyLines(g).map((l) => [l.key, l.value])).toEqual(u.keyLines(g).map((l) => [l.key, l.value]));
      }
    }), { numRuns: 500 });
  });

  test('bad key and group names are refused', () => {
    const u = new UnitFile();
    u.add('S', 'K=V', 'x');
    expect(() => serializeUnitFile(u)).toThrow(UnitFileValueError);
    const g = new UnitFile();
    g.add('S]\n[T', 'K', 'x');
    expect(() => serializeUnitFile(g)).toThrow(UnitFileValueError);
  });
});

// JavaScript's trim() also drops U+FEFF and the Unicode spaces. systemd trims only
// space, tab, newline and CR; Quadlet (Go) trims Unicode spaces at line ends but
// never U+FEFF. The codec reads as they do, so what it writes reads back the same.
describe('blanks as systemd and Quadlet read them', () => {
  test('a value of only U+FEFF is kept, not read as empty', () => {
    expect(parseUnitFile('[Service]\nEnvironment=\ufeff\n').lookup('Service', 'Environment')).toBe('\ufeff');
  });

  test('a byte-order mark opening the file is skipped', () => {
    expect(parseUnitFile('\ufeff[Service]\nType=exec\n').lookup('Service', 'Type')).toBe('exec');
  });

  test('a word ending in a no-break space is quoted, so the line trim can not take it', () => {
    const unit = new UnitFile();
    unit.add('Container', 'PodmanArgs', escapeWords(['--label=a\u00a0', '\ufeff']));
    const text = serializeUnitFile(unit);
    expect(text).toContain('PodmanArgs="--label=a\u00a0" \ufeff\n');
    expect(parseUnitFile(text).lookupLastWords('Container', 'PodmanArgs')).toEqual(['--label=a\u00a0', '\ufeff']);
  });

  test('a word opening with a Unicode blank is quoted too, and one with a blank inside is not', () => {
    const words = ['\u3000lead', 'in\u2000side', '\u0085'];
    const value = escapeWords(words);
    expect(value).toBe('"\u3000lead" in\u2000side "\u0085"');
    const unit = new UnitFile();
    unit.add('Container', 'PodmanArgs', value);
    expect(parseUnitFile(serializeUnitFile(unit)).lookupLastWords('Container', 'PodmanArgs')).toEqual(words);
  });

  test('a raw value with a no-break space at an end is refused; U+FEFF there is not', () => {
    expect(() => escapeValue('a\u00a0')).toThrow(UnitFileValueError);
    expect(escapeValue('a\ufeff')).toBe('a\ufeff');
  });
});
