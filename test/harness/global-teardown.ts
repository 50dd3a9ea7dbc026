/**
 * jest globalTeardown: after every suite has finished, stop any sandbox that a crashed
 * or careless suite of this run left running, and say so (a suite should stop its own).
 */
import { sweepSandboxes } from './sweep';

export default function globalTeardown(): void {
  const { removed, problems } = sweepSandboxes(process.pid);
  if (removed.length > 0) process.stderr.write(`quadctl e2e: stopped ${removed.length} sandbox(es) left running: ${removed.join(', ')}\n`);
  for (const p of problems) process.stderr.write(`quadctl e2e: teardown problem: ${p}\n`);
}
