// The history log on disk: append-only JSON lines, rotated to a bounded size.
//
// Durability: each record is one write(2) of one line to a file opened with
// O_APPEND, followed by fsync before the append resolves — a record that was
// reported written survives a crash. The first append that creates the file
// also fsyncs the directory, so the file's name survives too. A crash in the
// middle of a write can leave a torn last line; the reader reports and skips
// it, and the next append starts on a fresh line instead of gluing onto it.
// A write that fails part-way (the disk is full) is cut back to where the file
// ended before it, so a failed append never leaves a torn line behind.
//
// Privacy: the log holds journal excerpts of failed units, which may carry
// secrets from a container's environment. The state directory is 0700 and its
// files 0600, owned by whoever runs quadctl (root, or the user with --user) —
// exactly those who may read those units' journal. Older, wider modes are
// narrowed on the next write.
//
// Rotation writes the kept records to a temporary file in the same directory,
// fsyncs it and renames it over the log (write-file-atomic), then fsyncs the
// directory: a crash leaves the old log or the new one, never a cut one.
//
// Who may write at once: within a process, appends and rotations on one path
// are queued, so an append issued during a rotation lands in the new file
// rather than in the old one being replaced. Across processes, every writer
// (`quadctl update`, `quadctl rollback`) holds the update lock, which lives in
// the same state directory; readers take no lock, and see the old file or the
// new one whole.
import { chmod, type FileHandle, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { type HistoryRecord, parseHistory, type ParsedHistory } from '../../update/history';
import { rotateHistory } from '../../update/history-rotation';

/** The history's file name in the state folder (src/paths: stateDir). */
const HISTORY_FILE = 'history.jsonl';
import { makeDir } from '../fs/make-dir';

const queues = new Map<string, Promise<unknown>>();

/** Runs `task` after every earlier task on `path` in this process has settled. */
function exclusive<T>(path: string, task: () => Promise<T>): Promise<T> {
  const run = (queues.get(path) ?? Promise.resolve()).then(task, task);
  const tail = run.catch(() => undefined);
  queues.set(path, tail);
  void tail.then(() => {
    if (queues.get(path) === tail) queues.delete(path);
  });
  return run;
}

export class HistoryFile {
  readonly path: string;
  constructor(readonly dir: string) {
    this.path = join(dir, HISTORY_FILE);
  }

  append(record: HistoryRecord): Promise<void> {
    return exclusive(this.path, () => this.appendNow(record));
  }

  /**
   * Keeps the newest `keep` entries (0: all), every unfinished transaction and each
   * unit's last outcomes (see rotateHistory);
   * resolves to the number of entries dropped. The caller holds the update lock.
   */
  rotate(keep: number): Promise<number> {
    return exclusive(this.path, () => this.rotateNow(keep));
  }

  async read(): Promise<ParsedHistory> {
    const text = await this.readText();
    return text === null ? { entries: [], badLines: [] } : parseHistory(text);
  }

  private async readText(): Promise<string | null> {
    try {
      return await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StateFileError('read', this.path, err);
    }
  }

  private async appendNow(record: HistoryRecord): Promise<void> {
    try {
      await privateDir(this.dir);
      const handle = await open(this.path, 'a+', 0o600);
      try {
        await handle.chmod(0o600);
        const { size } = await handle.stat();
        let prefix = '';
        if (size > 0) {
          const last = Buffer.alloc(1);
          await handle.read(last, 0, 1, size - 1);
          if (last[0] !== 0x0a) prefix = '\n'; // the previous writer died mid-line
        }
        try {
          await writeAll(handle, Buffer.from(`${prefix}${JSON.stringify(record)}\n`));
          await handle.sync();
        } catch (err) {
          await handle.truncate(size).catch(() => undefined);
          throw err;
        }
        if (size === 0) await syncDir(this.dir);
      } finally {
        await handle.close();
      }
    } catch (err) {
      throw new StateFileError('write', this.path, err);
    }
  }

  private async rotateNow(keep: number): Promise<number> {
    const text = await this.readText();
    const rotation = text === null ? null : rotateHistory(text, keep);
    if (!rotation) return 0;
    // The owner is taken from the file being replaced (a --user log stays its user's).
    await writeFileAtomic(this.path, rotation.text, { fsync: true, mode: 0o600 });
    await syncDir(this.dir);
    return rotation.dropped;
  }
}

/**
 * write(2) may write part of a line and stop (a disk that fills mid-write): keep
 * writing, so the rest either lands or fails with the error that explains it.
 */
async function writeAll(handle: FileHandle, data: Buffer): Promise<void> {
  for (let done = 0; done < data.length; ) {
    const { bytesWritten } = await handle.write(data, done, data.length - done);
    if (bytesWritten === 0) throw Object.assign(new Error('no space to write'), { code: 'ENOSPC' });
    done += bytesWritten;
  }
}

/** Creates the state directory 0700, and narrows an existing one that is wider. */
async function privateDir(dir: string): Promise<void> {
  await makeDir(dir, 0o700);
  await chmod(dir, 0o700);
}

const PLAIN_CAUSE: Record<string, string> = {
  ENOSPC: 'the file system is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied (the history is private to the user quadctl runs as; run it as that user, e.g. with sudo)',
  EPERM: 'permission denied',
  EIO: 'an I/O error on the disk',
};

/** A state file that could not be read or written, with the cause in plain words. */
class StateFileError extends Error {
  readonly code: string;
  constructor(
    readonly action: 'read' | 'write',
    readonly path: string,
    cause: unknown,
  ) {
    const code = (cause as NodeJS.ErrnoException).code ?? '';
    const plain = PLAIN_CAUSE[code] ?? (cause instanceof Error ? cause.message : String(cause));
    super(`cannot ${action} ${path}: ${plain}${code && PLAIN_CAUSE[code] ? ` (${code})` : ''}`);
    this.name = 'StateFileError';
    this.code = code;
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
