// The history file and the update lock on a real filesystem (a temp dir).
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HistoryFile } from '../../../src/adapters/history';
import { acquireUpdateLock, LockBusyError } from '../../../src/adapters/lock';
import type { HistoryRecord } from '../../../src/update';

const made: string[] = [];
const dir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'quadctl-update-'));
  made.push(d);
  return d;
};
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});
const skip = (txn: string, at: number): HistoryRecord => ({ v: 1, type: 'skip', txn, at, unit: 'web.service', container: 'web', image: 'x:1', policy: 'digest', trigger: 'manual', reason: 'skipped: registry error: boom' });

describe('history file', () => {
  test('appends one line per record and reads them back as entries', async () => {
    const h = new HistoryFile(join(dir(), 'nested'));
    await h.append(skip('a', 1));
    await h.append(skip('b', 2));
    expect(readFileSync(h.path, 'utf8').split('\n')).toHaveLength(3);
    expect((await h.read()).entries.map((e) => [e.id, e.result])).toEqual([['a', 'skipped'], ['b', 'skipped']]);
  });

  test('after a torn last line (a crash mid-write) the next record starts on its own line', async () => {
    const h = new HistoryFile(dir());
    await h.append(skip('a', 1));
    appendFileSync(h.path, '{"v":1,"type":"sk');
    await h.append(skip('b', 2));
    const read = await h.read();
    expect(read.entries.map((e) => e.id)).toEqual(['a', 'b']);
    expect(read.badLines).toEqual([{ line: 2, text: '{"v":1,"type":"sk' }]);
  });

  test('private to its owner: the directory 0700, the file 0600, and wider modes of an older log narrowed on the next write', async () => {
    const d = join(dir(), 'state');
    const h = new HistoryFile(d);
    await h.append(skip('a', 1));
    expect(statSync(d).mode & 0o777).toBe(0o700);
    expect(statSync(h.path).mode & 0o777).toBe(0o600);
    chmodSync(d, 0o755);
    chmodSync(h.path, 0o644);
    await h.append(skip('b', 2));
    expect(statSync(d).mode & 0o777).toBe(0o700);
    expect(statSync(h.path).mode & 0o777).toBe(0o600);
    await h.rotate(1);
    expect(statSync(h.path).mode & 0o777).toBe(0o600);
  });

  test('a log that cannot be read says why in plain words', async () => {
    const d = dir();
    const h = new HistoryFile(d);
    mkdirSync(h.path); // reading a directory fails (EISDIR) for root too
    await expect(h.read()).rejects.toThrow(new RegExp(`^cannot read ${h.path}: `));
  });

  test('a missing file is an empty history', async () => {
    expect(await new HistoryFile(join(dir(), 'none')).read()).toEqual({ entries: [], badLines: [] });
  });
});

describe('update lock', () => {
  test('a second holder is refused with the first one named, and gets it once released', async () => {
    const path = join(dir(), 'update.lock');
    const first = await acquireUpdateLock(path);
    const err = await acquireUpdateLock(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockBusyError);
    expect((err as Error).message).toMatch(new RegExp(`pid ${process.pid}`));
    await first.release();
    const second = await acquireUpdateLock(path);
    expect(second.tookOverFrom).toBeNull();
    await second.release();
  });

  test('--wait: a waiting run gets the lock when the holder releases it', async () => {
    const path = join(dir(), 'update.lock');
    const first = await acquireUpdateLock(path);
    const waiting = acquireUpdateLock(path, { waitMs: 10_000, pollMs: 20 });
    await new Promise((r) => setTimeout(r, 100));
    await first.release();
    await (await waiting).release();
  });

  test('the lock of a process that died (kill -9) is taken over at once', async () => {
    const path = join(dir(), 'update.lock');
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    const start = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ')[19];
    writeFileSync(path, JSON.stringify({ pid: child.pid, start, since: 'then', command: 'quadctl update' }));
    await expect(acquireUpdateLock(path)).rejects.toThrow(LockBusyError);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const lock = await acquireUpdateLock(path);
    expect(lock.tookOverFrom).toMatchObject({ pid: child.pid });
    await lock.release();
  });
});
