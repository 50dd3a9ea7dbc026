// A volume's User=/Group= become `--opt o=uid=N,gid=N`: Quadlet reads them as C
// numbers, so what the user wrote and what Podman gets can differ (names become 0).
import { numericId } from '../../../src/quadlet/volume-ids';

test.each([
  ['1000', 1000],
  ['0xA', 10],
  ['0XfF', 255],
  ['010', 8],
  ['0', 0],
  ['+7', 7],
  [' 42 ', 42],
  ['4294967295', 4294967295],
  ['4294967296', 0],
  ['root', 0],
  ['08', 0],
  ['1e3', 0],
  ['', 0],
])('User=%j is uid %d', (written, uid) => {
  expect(numericId(written)).toBe(uid);
});
