// The history log on disk: append-only JSON lines, rotated to a bounded size.
//
// Durability: each record is one write(2) of one line to a file opened with
// O_APPEND, followed by fsync before the append resolves — a record that was
// reported written survives a crash. The first append that creates the file
// also fsyncs the directory, so the file's name survives too. A crash in the
// middle of a write can leave a torn last line; the reader reports and skips
// it, and the next append starts on a fresh line instead of gluing onto it.
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
import { mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { type HistoryRecord, parseHistory, type ParsedHistory } from '../../update/history';
import { rotateHistory } from '../../update/history-rotation';
import { HISTORY_FILE } from './paths';

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
      throw err;
    }
  }

  private async appendNow(record: HistoryRecord): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o755 });
    const handle = await open(this.path, 'a+', 0o644);
    try {
      const { size } = await handle.stat();
      let prefix = '';
      if (size > 0) {
        const last = Buffer.alloc(1);
        await handle.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) prefix = '\n'; // the previous writer died mid-line
      }
      await handle.write(`${prefix}${JSON.stringify(record)}\n`);
      await handle.sync();
      if (size === 0) await syncDir(this.dir);
    } finally {
      await handle.close();
    }
  }

  private async rotateNow(keep: number): Promise<number> {
    const text = await this.readText();
    const rotation = text === null ? null : rotateHistory(text, keep);
    if (!rotation) return 0;
    // Mode and owner are taken from the file being replaced (a --user log stays its user's).
    await writeFileAtomic(this.path, rotation.text, { fsync: true });
    await syncDir(this.dir);
    return rotation.dropped;
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
