// The Compose Specification's interpolation, form by form.
import { interpolateString } from '../../../src/compose/interpolate';

const ENV = { SET: 'value', EMPTY: '', INNER: 'inner' };
const run = (text: string): string => interpolateString(text, ENV, new Set());

test.each([
  ['$SET and ${SET}', 'value and value'],
  ['${UNSET:-default} ${EMPTY:-default} ${SET:-default}', 'default default value'],
  ['${UNSET-default} [${EMPTY-default}] ${SET-default}', 'default [] value'],
  ['${UNSET:+alt}|${EMPTY:+alt}|${SET:+alt}', '||alt'],
  ['${UNSET+alt}|${EMPTY+alt}|${SET+alt}', '|alt|alt'],
  ['${UNSET:-${INNER}} ${UNSET:-${ALSO_UNSET:-deep}}', 'inner deep'],
  ['$$SET costs $$5 and $${SET}', '$SET costs $5 and ${SET}'],
  ['a $ alone, $1 and a trailing $', 'a $ alone, $1 and a trailing $'],
  ['${EXPOSE-:2283:2283}', ':2283:2283'],
])('%s', (text, expected) => {
  expect(run(text)).toBe(expected);
});

test('${VAR:?message} and ${VAR?message} stop with the message', () => {
  expect(() => run('${UNSET:?set UNSET first}')).toThrow('required variable UNSET is missing: set UNSET first');
  expect(() => run('${EMPTY:?must not be empty}')).toThrow('required variable EMPTY is empty: must not be empty');
  expect(run('${EMPTY?only unset fails}')).toBe('');
  expect(() => run('${UNSET?only unset fails}')).toThrow('only unset fails');
});

test('an unset variable becomes empty and is reported', () => {
  const unset = new Set<string>();
  expect(interpolateString('[$NOPE] [${ALSO}]', {}, unset)).toBe('[] []');
  expect([...unset]).toEqual(['NOPE', 'ALSO']);
});

test('malformed references are errors, not text', () => {
  expect(() => run('${SET:-abc')).toThrow('unterminated');
  expect(() => run('${}')).toThrow('must be followed by a variable name');
  expect(() => run('${SET*x}')).toThrow('expected }');
});
