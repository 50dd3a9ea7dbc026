// An installed quadctl runs from any folder: its version must not depend on the
// working directory (yargs would otherwise look for the nearest package.json).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

describe('--version from another project folder', () => {
  let elsewhere: string;
  beforeAll(() => {
    elsewhere = mkdtempSync(join(tmpdir(), 'quadctl-version-'));
    writeFileSync(join(elsewhere, 'package.json'), JSON.stringify({ name: 'someone-else', version: '9.9.9' }));
  });
  afterAll(() => rmSync(elsewhere, { recursive: true, force: true }));

  test.each([
    ['quadctl', ['--version'], version],
    ['quadctl-generator.cjs', ['-version'], `${version} (Quadlet 5.4 to 5.8 compatible)`],
  ])('%s prints its own version', (bin, args, expected) => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', bin), ...args], { cwd: elsewhere, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(expected);
  });
});
