// Compose's env-file format, where it differs from quadctl.env: inline comments,
// quoting, multi-line values, literal single quotes.
import { parseComposeEnv } from '../../../src/compose/env-file';
import { importText, values } from './support';

test('values as Compose reads them', () => {
  const { lines, problems } = parseComposeEnv(
    ['# a comment', 'PLAIN=value # a note', 'GLUED=pass#word', 'export EXPORTED=1', 'DOUBLE="a \\"b\\" # not a comment"', "SINGLE='${NOT} interpolated'", 'MULTI="one', 'two"', 'EMPTY=', ''].join('\n'),
  );
  expect(problems).toEqual([]);
  expect(lines.map((l) => [l.name, l.value, l.literal])).toEqual([
    ['PLAIN', 'value', false],
    ['GLUED', 'pass#word', false],
    ['EXPORTED', '1', false],
    ['DOUBLE', 'a "b" # not a comment', false],
    ['SINGLE', '${NOT} interpolated', true],
    ['MULTI', 'one\ntwo', false],
    ['EMPTY', '', false],
  ]);
});

test('unclosed quotes and lines that are no assignment are errors with their line', () => {
  expect(parseComposeEnv('A="open\nB=1').problems).toEqual([{ line: 1, message: 'A: the " is never closed' }]);
  expect(parseComposeEnv('just words').problems).toEqual([{ line: 1, message: 'expected NAME=VALUE, not "just words"' }]);
});

test('.env values interpolate earlier ones, except single-quoted ones', () => {
  const env = "BASE=/srv\nDATA=${BASE}/data\nRAW='${BASE}/raw'\n";
  const r = importText('services:\n  a: {image: x, environment: {D: "${DATA}", R: "${RAW}"}}\n', {}, { '/p/.env': env });
  expect(values(r.text, 'container.p-a', 'Environment')).toEqual(['D=/srv/data', 'R=$${BASE}/raw']);
});
