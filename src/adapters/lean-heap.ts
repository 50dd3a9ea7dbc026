// An update run's memory is judged beside `podman auto-update` (issue 19): a few
// MiB of live data, but V8 grows its young generation from 1 to 16 MiB per
// semi-space as soon as garbage comes quickly (D-Bus signals, podman's JSON),
// and keeps it. Kept at its first size, the run's RSS is some 20–30 MiB lower
// for a little more frequent minor GC (bench/update-vs-auto-update.sh).
import { setFlagsFromString } from 'node:v8';

/** The V8 flag set (test/unit/update/lean-heap.test.ts checks this Node knows it). */
export const YOUNG_GENERATION_FLAG = '--semi-space-growth-factor=1';

let done = false;

/** Stop the young generation from growing, for the rest of this process. */
export function keepYoungGenerationSmall(): void {
  if (done) return;
  done = true;
  setFlagsFromString(YOUNG_GENERATION_FLAG);
}
