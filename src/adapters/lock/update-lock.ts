// One update at a time. The lock is a file holding the holder's PID and its
// start time (from /proc). A holder that died (kill -9, power loss) is
// recognised at once — its PID is gone or now belongs to a process that started
// later — and the lock is taken over, so a crashed run never blocks the next
// one. (proper-lockfile judges staleness by mtime only, which would make the run
// after a crash wait out the stale period.)
//
// Atomicity. A lock file is written whole to a private temporary name and then
// link(2)ed to the lock's name, which fails if the name exists: no reader ever
// sees a half-written lock. Taking over a dead holder's lock is a second
// exclusive step: the right to replace *that* lock (named by a hash of its
// content) goes to whoever links `update.lock.takeover.HASH.N` first. The
// winner checks the lock still holds the same content and renames its own
// over it; the others back off while the winner lives. If a winner dies in
// that window, its marker is dead too and the next racer takes slot N+1.
// Nobody but the holder ever unlinks the lock, so no run can remove a lock a
// live run has just taken — test/unit/update/lock-race.test.ts races it.
import { createHash, randomBytes } from 'node:crypto';
import { link, open, readFile, rename, unlink, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeDir } from '../fs/make-dir';

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

function parseHolder(text: string | null): LockHolder | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as LockHolder;
    return typeof value.pid === 'number' ? value : null;
  } catch {
    return null;
  }
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

export interface UpdateLock {
  release(): Promise<void>;
  /** Set when a dead holder's lock was taken over. */
  tookOverFrom: LockHolder | null;
}

/** Writes `me` whole to a private temporary file next to `path`; returns its name. */
async function prepared(path: string, me: LockHolder): Promise<string> {
  const tmp = `${path}.new.${process.pid}.${randomBytes(4).toString('hex')}`;
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.write(JSON.stringify(me));
    await handle.sync();
  } finally {
    await handle.close();
  }
  return tmp;
}

/** link(2): creates `path` from a complete file, or fails with EEXIST. */
async function linkExclusive(from: string, path: string): Promise<boolean> {
  try {
    await link(from, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

const UNREADABLE_GRACE_MS = 5_000;

/** A lock nobody alive holds: a dead holder, or content no run wrote (old or damaged) for a while. */
async function stale(path: string, text: string): Promise<boolean> {
  const holder = parseHolder(text);
  if (holder) return !alive(holder);
  try {
    return Date.now() - (await stat(path)).mtimeMs > UNREADABLE_GRACE_MS;
  } catch {
    return false;
  }
}

type Takeover = 'won' | 'lost' | 'busy';

/**
 * Replaces the stale lock whose content is `text` with `mine`, if this run wins
 * the exclusive right to. 'busy': a live run is taking it over right now.
 */
async function takeOver(path: string, text: string, mine: string): Promise<Takeover> {
  const key = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const marker = (n: number): string => `${path}.takeover.${key}.${n}`;
  for (let n = 0; ; n++) {
    if (!(await linkExclusive(mine, marker(n)))) {
      const racer = parseHolder(await readText(marker(n)));
      if (racer && alive(racer)) return 'busy';
      continue;
    }
    try {
      if ((await readText(path)) !== text) return 'lost';
      const replacement = `${mine}.take`;
      await link(mine, replacement);
      await rename(replacement, path);
      for (let k = 0; k < n; k++) await unlink(marker(k)).catch(() => undefined);
      return 'won';
    } finally {
      await unlink(marker(n)).catch(() => undefined);
    }
  }
}

interface AcquireOptions {
  /** Wait this long (ms) for a live holder; 0 = fail at once with LockBusyError. */
  waitMs?: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export async function acquireUpdateLock(path: string, opts: AcquireOptions = {}): Promise<UpdateLock> {
  await makeDir(dirname(path), 0o700);
  const me: LockHolder = { pid: process.pid, start: processStart(process.pid) ?? '', since: new Date().toISOString(), command: process.argv.slice(1).join(' ') };
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = opts.now ?? (() => Date.now());
  const deadline = now() + (opts.waitMs ?? 0);
  const mine = await prepared(path, me);
  let tookOverFrom: LockHolder | null = null;
  try {
    for (;;) {
      if (await linkExclusive(mine, path)) break;
      const text = await readText(path);
      if (text === null) continue; // released between our link and our read
      if (await stale(path, text)) {
        const outcome = await takeOver(path, text, mine);
        if (outcome === 'won') {
          tookOverFrom = parseHolder(text);
          break;
        }
        if (outcome === 'lost') continue;
      }
      if (now() >= deadline) throw new LockBusyError(path, parseHolder(text));
      await sleep(opts.pollMs ?? 500);
    }
  } finally {
    await unlink(mine).catch(() => undefined);
  }
  return {
    tookOverFrom,
    async release() {
      const holder = parseHolder(await readText(path));
      if (holder && holder.pid === me.pid && holder.start === me.start && holder.since === me.since) await unlink(path).catch(() => undefined);
    },
  };
}
