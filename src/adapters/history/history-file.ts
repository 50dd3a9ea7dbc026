// The history log on disk: append-only JSON lines.
//
// Durability: each record is one write(2) of one line to a file opened with
// O_APPEND, followed by fsync before the append resolves — a record that was
// reported written survives a crash. The first append that creates the file
// also fsyncs the directory, so the file's name survives too. A crash in the
// middle of a write can leave a torn last line; the reader reports and skips
// it, and the next append starts on a fresh line instead of gluing onto it.
import { mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type HistoryRecord, parseHistory, type ParsedHistory } from '../../update/history';
import { HISTORY_FILE } from './paths';

export class HistoryFile {
  readonly path: string;
  constructor(readonly dir: string) {
    this.path = join(dir, HISTORY_FILE);
  }

  async append(record: HistoryRecord): Promise<void> {
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

  async read(): Promise<ParsedHistory> {
    try {
      return parseHistory(await readFile(this.path, 'utf8'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], badLines: [] };
      throw err;
    }
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
