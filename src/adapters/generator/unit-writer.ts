// Where the generator's writes happen. Creating, renaming and linking 1,000 unit files
// costs a fifth of a 1,000-unit run in system calls; on a second thread they overlap
// the translation of the next units. That thread needs ~45 ms to start, and a run that
// finishes translating sooner waits for it: measured (bench/generator.sh's units, tmpfs)
// 200 units took 114 ms through it against 86 in line, 500 about the same, 700 and more
// less (1,000: 197 against 250). So runs below 500 units write in line. If the thread
// fails, everything it was sent is written again in line: every write is atomic, so
// writing a unit twice is harmless.
import { existsSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { writeUnit, type UnitWrite } from './write-output';

export interface UnitWriter {
  /** Writes now (returning the error) or queues the unit (its error comes from finish()). */
  write(w: UnitWrite): string | undefined;
  /** Waits for queued writes; the errors of those that failed. */
  finish(): Promise<string[]>;
}

/** From this many units the writer thread pays for itself (see above). */
export const THREAD_FROM_UNITS = 500;
/** Units per message: fewer messages cost the main thread less, smaller ones start the writes sooner. */
const BATCH = 32;

const inline: UnitWriter = { write: writeUnit, finish: async () => [] };

/** A writer for `units` units: a thread running `threadFile` when there are many and it exists. */
export function openUnitWriter(units: number, threadFile: string): UnitWriter {
  if (units < THREAD_FROM_UNITS || !existsSync(threadFile)) return inline;
  // Loaded here, not at the top: a one-unit run must not pay for it.
  const { Worker: WorkerThread } = require('node:worker_threads') as typeof import('node:worker_threads');
  return threadWriter(new WorkerThread(threadFile));
}

function threadWriter(worker: Worker): UnitWriter {
  const sent: UnitWrite[] = [];
  let batch: UnitWrite[] = [];
  let failure: Error | undefined;
  worker.on('error', (e) => {
    failure ??= e;
  });
  const flush = (): void => {
    if (batch.length > 0 && failure === undefined) worker.postMessage(batch);
    batch = [];
  };
  return {
    write(w) {
      if (failure !== undefined) return writeUnit(w);
      sent.push(w);
      batch.push(w);
      if (batch.length === BATCH) flush();
      return undefined;
    },
    finish() {
      flush();
      return new Promise<string[]>((resolve) => {
        let settled = false;
        const settle = (errors: () => string[]): void => {
          if (settled) return;
          settled = true;
          resolve(errors());
        };
        const inLine = (): void => settle(() => sent.flatMap((w) => writeUnit(w) ?? []));
        if (failure !== undefined) return inLine();
        worker.once('message', (errors: string[]) => settle(() => errors));
        // An error, or an exit before the answer: the thread's writes cannot be trusted.
        worker.once('error', inLine);
        worker.once('exit', inLine);
        worker.postMessage(null);
      });
    },
  };
}
