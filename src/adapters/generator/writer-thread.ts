// The generator's writer thread (built as dist/quadctl-generator-writer.cjs; see
// unit-writer.ts): writes the batches of units it is sent, in order, and answers the
// end-of-input message (null) with every write error.
import { parentPort } from 'node:worker_threads';
import { writeUnit, type UnitWrite } from './write-output';

const errors: string[] = [];
parentPort?.on('message', (batch: UnitWrite[] | null) => {
  if (batch !== null) {
    for (const w of batch) {
      const error = writeUnit(w);
      if (error !== undefined) errors.push(error);
    }
    return;
  }
  parentPort?.postMessage(errors);
  parentPort?.close();
});
