// The updater's state on disk (src/update/resolved.ts): one small JSON file in
// the state directory beside the history. Every change is a read, a pure
// change and a whole-file atomic replace (write-file-atomic: temporary file,
// fsync, rename), so a crash leaves the old state or the new one. Writers are
// `update`, `rollback`, `hold`, `unhold`, `forget` (under the update lock) and
// `apply` (which only drops resolutions the config superseded).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { EMPTY_STATE, parseState, serializeState, STATE_FILE, type UpdaterState } from '../../update/resolved';
import { makeDir } from '../fs/make-dir';

export class StateFile {
  readonly path: string;
  constructor(readonly dir: string) {
    this.path = join(dir, STATE_FILE);
  }

  async read(): Promise<UpdaterState> {
    try {
      return parseState(await readFile(this.path, 'utf8'), this.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY_STATE;
      throw err;
    }
  }

  /** Applies `change` to the state as it is on disk and writes the result; resolves to it. */
  async update(change: (state: UpdaterState) => UpdaterState): Promise<UpdaterState> {
    const before = await this.read();
    const after = change(before);
    if (serializeState(after) === serializeState(before)) return before;
    await makeDir(this.dir, 0o700);
    await writeFileAtomic(this.path, serializeState(after), { mode: 0o600, fsync: true });
    return after;
  }
}
