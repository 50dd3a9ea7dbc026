// Making output folders must end with an error where a folder cannot be made, never spin:
// Node's recursive mkdir loops forever under /proc, so `quadctl generate -o /proc/x`
// hung at 100% CPU.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDir, makeDirSync } from '../../../src/adapters/fs/make-dir';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'quadctl-mkdir-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test.each([
  ['makeDir', (p: string, mode?: number) => makeDir(p, mode)],
  ['makeDirSync', async (p: string, mode?: number) => makeDirSync(p, mode)],
])('%s makes every missing folder, with the mode asked for, and is a no-op the second time', async (_name, make) => {
  const path = join(dir, 'a/b/c');
  await make(path, 0o700);
  expect(statSync(path).isDirectory()).toBe(true);
  expect(statSync(join(dir, 'a')).mode & 0o777).toBe(0o700);
  await make(path, 0o700);
});

test.each([
  ['makeDir', (p: string) => makeDir(p)],
  ['makeDirSync', async (p: string) => makeDirSync(p)],
])('%s fails with ENOENT under a dangling symlink and under /proc, and ENOTDIR under a file', async (_name, make) => {
  symlinkSync(join(dir, 'not-mounted'), join(dir, 'dangling'));
  await expect(make(join(dir, 'dangling/out/units'))).rejects.toMatchObject({ code: 'ENOENT', path: join(dir, 'dangling/out') });
  await expect(make('/proc/quadctl-no-such/x')).rejects.toMatchObject({ code: 'ENOENT' });
  writeFileSync(join(dir, 'file'), '');
  await expect(make(join(dir, 'file/x'))).rejects.toMatchObject({ code: 'ENOTDIR' });
});

test('quadctl generate into a folder that cannot be made exits 1 naming it', () => {
  const r = spawnSync(process.execPath, ['bin/quadctl', 'generate', '-c', 'examples/quadctl.ini', '-o', '/proc/quadctl-no-such/out', '--target', 'quadlet'], { encoding: 'utf8', timeout: 60_000 });
  expect(r.signal).toBeNull();
  expect(r.status).toBe(1);
  expect(r.stderr).toContain("mkdir '/proc/quadctl-no-such'");
});
