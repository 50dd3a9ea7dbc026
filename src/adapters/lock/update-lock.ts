// One update at a time. The lock is a file created with O_EXCL holding the
// holder's PID and its start time (from /proc). A holder that died (kill -9,
// power loss) is recognised at once — its PID is gone or now belongs to a
// process that started later — and the lock is taken over, so a crashed run
// never blocks the next one. (proper-lockfile judges staleness by mtime only,
// which would make the run after a crash wait out the stale period.)
import { open, readFile, rename, unlink, mkdir, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface LockHolder {
  pid: number;
  /** /proc/PID/stat field 22 (clock ticks since boot); '' where /proc is missing. */
  start: string;
  since: string;
  command: string;
}

export class LockBusyError extends Error {
  constructor(
    readonly path: string,
    readonly holder: LockHolder | null,
  ) {
    super(
      holder
        ? `another quadctl update is running (pid ${holder.pid}, since ${holder.since}: ${holder.command}); try again when it ends, or pass --wait`
        : `another quadctl update holds ${path}; try again when it ends, or pass --wait`,
    );
    this.name = 'LockBusyError';
  }
}

function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count from the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return null;
  }
}

function alive(holder: LockHolder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const start = processStart(holder.pid);
  if (start === null) return process.platform !== 'linux';
  return holder.start === '' || start === holder.start;
}

async function readHolder(path: string): Promise<LockHolder | null> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as LockHolder;
    return typeof value.pid === 'number' ? value : null;
  } catch {
    return null;
  }
}

export interface UpdateLock {
  release(): Promise<void>;
  /** Set when a dead holder's lock was taken over. */
  tookOverFrom: LockHolder | null;
}

async function tryCreate(path: string, me: LockHolder): Promise<boolean> {
  try {
    const handle = await open(path, 'wx', 0o644);
    try {
      await handle.write(JSON.stringify(me));
      await handle.sync();
    } finally {
      await handle.close();
    }
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** Moves a dead holder's lock aside; only one of several racing runs wins the rename. */
async function breakStale(path: string, holder: LockHolder): Promise<boolean> {
  const aside = `${path}.stale.${process.pid}`;
  try {
    await rename(path, aside);
  } catch {
    return false;
  }
  const moved = await readHolder(aside);
  await unlink(aside).catch(() => undefined);
  return moved !== null && moved.pid === holder.pid && moved.start === holder.start;
}

const UNREADABLE_GRACE_MS = 5_000;

async function unreadableAndOld(path: string): Promise<boolean> {
  try {
    return Date.now() - (await stat(path)).mtimeMs > UNREADABLE_GRACE_MS;
  } catch {
    return false;
  }
}

export interface AcquireOptions {
  /** Wait this long (ms) for a live holder; 0 = fail at once with LockBusyError. */
  waitMs?: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export async function acquireUpdateLock(path: string, opts: AcquireOptions = {}): Promise<UpdateLock> {
  await mkdir(dirname(path), { recursive: true });
  const me: LockHolder = { pid: process.pid, start: processStart(process.pid) ?? '', since: new Date().toISOString(), command: process.argv.slice(1).join(' ') };
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = opts.now ?? (() => Date.now());
  const deadline = now() + (opts.waitMs ?? 0);
  let tookOverFrom: LockHolder | null = null;
  for (;;) {
    if (await tryCreate(path, me)) break;
    const holder = await readHolder(path);
    if (holder && !alive(holder)) {
      if (await breakStale(path, holder)) tookOverFrom = holder;
      continue;
    }
    if (!holder && (await unreadableAndOld(path))) {
      // A holder that died between creating the file and writing it.
      await unlink(path).catch(() => undefined);
      continue;
    }
    if (now() >= deadline) throw new LockBusyError(path, holder);
    await sleep(opts.pollMs ?? 500);
  }
  return {
    tookOverFrom,
    async release() {
      const holder = await readHolder(path);
      if (holder && holder.pid === me.pid && holder.start === me.start) await unlink(path).catch(() => undefined);
    },
  };
}
