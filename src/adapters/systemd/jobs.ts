// Job tracking: subscribe first, then call, then wait for JobRemoved of *that* job.
// JobRemoved can in principle arrive before the method's reply has been handled,
// so results seen before the job path is known are kept and matched afterwards.
import { MANAGER, MANAGER_PATH, type Signal, type SystemdBus } from './bus';
import type { JobMethod, JobOptions, JobOutcome, JobResult } from './types';

const DEFAULT_JOB_TIMEOUT_MS = 120_000;

const KNOWN_RESULTS: ReadonlySet<string> = new Set<JobResult>(['done', 'failed', 'timeout', 'canceled', 'dependency', 'skipped', 'invalid']);

function toJobResult(s: string): JobResult {
  return KNOWN_RESULTS.has(s) ? (s as JobResult) : 'failed';
}

/** A finished job plus the sequence number of its JobRemoved signal (for the settle baseline). */
interface TrackedJob extends JobOutcome {
  removedSeq: number;
}

function isJobRemoved(s: Signal): boolean {
  return s.path === MANAGER_PATH && s.iface === MANAGER && s.member === 'JobRemoved';
}

export async function runJob(bus: SystemdBus, method: JobMethod, unit: string, opts: JobOptions = {}, now: () => number = performance.now.bind(performance)): Promise<TrackedJob> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_JOB_TIMEOUT_MS;
  const started = now();
  const early = new Map<string, { result: string; seq: number }>();
  let jobPath: string | null = null;
  let settle: (r: { result: string; seq: number }) => void = () => {};
  const removed = new Promise<{ result: string; seq: number }>((resolve) => {
    settle = resolve;
  });
  const off = bus.onSignal((s) => {
    if (!isJobRemoved(s)) return;
    const job = String(s.body[1]);
    const hit = { result: String(s.body[3]), seq: s.seq };
    if (jobPath === null) early.set(job, hit);
    else if (job === jobPath) settle(hit);
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const [path] = await bus.call({ path: MANAGER_PATH, iface: MANAGER, member: method, signature: 'ss', body: [unit, opts.mode ?? 'replace'] });
    jobPath = String(path);
    const seen = early.get(jobPath);
    if (seen) settle(seen);
    const remaining = Math.max(0, timeoutMs - (now() - started));
    const gaveUp = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), remaining);
    });
    const hit = await Promise.race([removed, gaveUp]);
    if (hit === null) {
      if (opts.cancelOnTimeout ?? true) await cancelJob(bus, jobPath);
      return { unit, method, job: jobPath, result: 'timeout', gaveUp: true, elapsedMs: now() - started, removedSeq: bus.nextSeq };
    }
    return { unit, method, job: jobPath, result: toJobResult(hit.result), gaveUp: false, elapsedMs: now() - started, removedSeq: hit.seq };
  } finally {
    clearTimeout(timer);
    off();
  }
}

/** Cancel a job; it may already be gone, which is fine. */
async function cancelJob(bus: SystemdBus, jobPath: string): Promise<void> {
  try {
    await bus.call({ path: jobPath, iface: 'org.freedesktop.systemd1.Job', member: 'Cancel' });
  } catch {
    // NoSuchJob: it finished between our timeout and the cancel.
  }
}
