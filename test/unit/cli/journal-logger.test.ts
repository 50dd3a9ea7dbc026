// Log lines carry journald priorities only on the stream systemd connected to the
// journal ($JOURNAL_STREAM names its device:inode), so `journalctl -p err` finds errors.
import { spawnSync } from 'node:child_process';
import { closeSync, fstatSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, withPriority } from '../../../src/adapters/log/journal-logger';

const ROOT = join(__dirname, '../../..');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'quadctl-log-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const streamId = (fd: number): string => {
  const st = fstatSync(fd, { bigint: true });
  return `${st.dev}:${st.ino}`;
};

test('each line of a message gets its priority on the journal stream, none elsewhere', () => {
  const fd = openSync(join(dir, 'journal'), 'w');
  const other = openSync(join(dir, 'other'), 'w');
  const written: string[] = [];
  const env = { JOURNAL_STREAM: streamId(fd) };
  createLogger({ fd, write: (t: string) => written.push(t) }, env).log('err', 'a\nb');
  createLogger({ fd, write: (t: string) => written.push(t) }, env).log('warning', 'c\n');
  createLogger({ fd: other, write: (t: string) => written.push(t) }, env).log('err', 'd');
  createLogger({ fd, write: (t: string) => written.push(t) }, {}).log('err', 'e');
  closeSync(fd);
  closeSync(other);
  expect(written).toEqual(['<3>a\n<3>b\n', '<4>c\n', 'd\n', 'e\n']);
  expect(withPriority('debug', 'x')).toBe('<7>x\n');
});

test('quadctl run by systemd: an invalid config is logged at priority err', () => {
  const log = join(dir, 'stderr');
  const fd = openSync(log, 'w');
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'quadctl'), 'validate', '-c', join(dir, 'missing.ini')], {
    stdio: ['ignore', 'ignore', fd],
    env: { PATH: process.env.PATH, JOURNAL_STREAM: streamId(fd) },
  });
  closeSync(fd);
  expect(r.status).toBe(2);
  expect(readFileSync(log, 'utf8')).toMatch(/^<3>quadctl validate: cannot read config .*missing\.ini/);
});
