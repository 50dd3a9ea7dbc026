// The metrics' files: the last run's state (run.json beside the history) and the
// .prom text file node_exporter reads. Both are replaced atomically (temporary
// file, fsync, rename), so the collector never reads half a file.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { parseRunState, type RunState } from '../../metrics/run-state';
import { makeDir } from '../fs/make-dir';

const RUN_STATE_FILE = 'run.json';

export async function readRunState(stateDir: string): Promise<RunState | null> {
  try {
    return parseRunState(await readFile(join(stateDir, RUN_STATE_FILE), 'utf8'));
  } catch {
    return null;
  }
}

export async function writeRunState(stateDir: string, state: RunState): Promise<void> {
  await makeDir(stateDir);
  await writeFileAtomic(join(stateDir, RUN_STATE_FILE), `${JSON.stringify(state)}\n`, { mode: 0o644 });
}

/** node_exporter runs as another user: the file is world-readable. */
export async function writeTextfile(path: string, text: string): Promise<void> {
  await makeDir(dirname(path));
  await writeFileAtomic(path, text, { mode: 0o644 });
}
