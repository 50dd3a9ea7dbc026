// Sorted output must be the same on every host: by code unit, never by the locale.
import { byCodePoint } from '../../src/text-order';

test('strings sort by code unit: capitals before lower case, punctuation by its code', () => {
  expect(['web.service', 'Web.service', 'db.service', '_x.service', 'web-2.service', 'web.service'].sort(byCodePoint)).toEqual([
    'Web.service',
    '_x.service',
    'db.service',
    'web-2.service',
    'web.service',
    'web.service',
  ]);
  expect(byCodePoint('a', 'a')).toBe(0);
  expect(byCodePoint('a', 'b')).toBe(-1);
  expect(byCodePoint('b', 'a')).toBe(1);
});
