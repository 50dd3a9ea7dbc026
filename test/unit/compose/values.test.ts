// Compose value forms: command strings split into words, durations, byte sizes.
import { byteSize, commandWords, durationSeconds } from '../../../src/compose/values';

test.each([
  ['nginx -g "daemon off;"', ['nginx', '-g', 'daemon off;']],
  ["sh -c 'echo $HOME && exit 1'", ['sh', '-c', 'echo $HOME && exit 1']],
  ['echo "$HOME" \\"quoted\\" a\\ b', ['echo', '$HOME', '"quoted"', 'a b']],
  ['--save 60 1 --loglevel warning', ['--save', '60', '1', '--loglevel', 'warning']],
  ['run *.txt', ['run', '*.txt']],
])('command %s', (text, words) => {
  expect(commandWords(text)).toEqual(words);
});

test('the list form is kept word for word', () => {
  expect(commandWords(['sh', '-c', 'a "b" c'])).toEqual(['sh', '-c', 'a "b" c']);
});

test.each([
  ['1m30s', 90],
  ['500ms', 0.5],
  ['2h', 7200],
  ['10s', 10],
  ['10', undefined],
  ['1x', undefined],
])('duration %s', (text, seconds) => {
  expect(durationSeconds(text)).toBe(seconds);
});

test.each([
  ['128mb', '128m'],
  ['1gb', '1g'],
  ['64M', '64m'],
  [1048576, '1048576'],
  ['512k', '512k'],
  ['lots', undefined],
])('byte size %s', (value, size) => {
  expect(byteSize(value)).toBe(size);
});
