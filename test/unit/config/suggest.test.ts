// "Did you mean …?" must point at the key the user meant, or stay quiet.
import { closest } from '../../../src/config/suggest';

const KEYS = ['Image', 'Pod', 'Network', 'Environment', 'PublishPort', 'Volume', 'Exec'];

describe('closest', () => {
  test.each([
    ['Imgae', 'Image'],
    ['image', 'Image'],
    ['Enviroment', 'Environment'],
    ['Netwrok', 'Network'],
    ['PublishPorts', 'PublishPort'],
  ])('a typo %s suggests %s', (typo, key) => {
    expect(closest(typo, KEYS)).toBe(key);
  });

  test.each(['Foo', 'Bar', 'Restart', 'Labels2x'])('%s is like no key: no suggestion', (word) => {
    expect(closest(word, KEYS)).toBeUndefined();
  });
});
