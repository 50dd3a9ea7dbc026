// Judging whether a unit "came up" after a start or restart job.
//
// systemd ends a restart job `done` as soon as a Type=simple service has forked,
// even if the process dies a millisecond later, so the job result alone cannot
// tell an updater that the new container runs. This module judges a timeline of
// the unit's properties, sampled over a settle window, instead. It is pure: the
// caller supplies the samples and the clock readings, so every rule here can be
// tested with hand-written timelines.

/** What the watcher saw of a unit at one moment (a subset of systemd's properties). */
export interface UnitSample {
  /** Milliseconds on the caller's clock (any monotonic origin). */
  at: number;
  activeState: string;
  subState: string;
  /** Service `Result` (`success`, `exit-code`, `signal`, `timeout`, …); '' when unknown. */
  result: string;
  nRestarts: number;
  /** Hex invocation ID; changes every time systemd starts the unit anew. */
  invocationId: string;
  /** `ExecMainCode` (CLD_EXITED=1, CLD_KILLED=2, CLD_DUMPED=3) and `ExecMainStatus`. */
  execMainCode: number;
  execMainStatus: number;
}

export type FailureReason =
  /** The unit left `active` for `failed` or `inactive`: its process exited. */
  | 'exited'
  /** systemd restarted it (Restart=…): NRestarts grew or a new invocation began. */
  | 'restarted'
  /** Still not `active` when the window closed (stuck activating, reloading, …). */
  | 'not-active';

export type SettleVerdict =
  | { verdict: 'healthy'; invocationId: string; observedMs: number }
  | {
      verdict: 'failed';
      reason: FailureReason;
      /** One sentence for people: what was seen, with systemd's own words. */
      detail: string;
      /** The invocation the failure belongs to (for its journal lines). */
      invocationId: string;
      /** The sample that showed the failure. */
      sample: UnitSample;
      observedMs: number;
    };

/** Still watching: no failure seen and the window has not closed. */
interface Pending {
  verdict: 'pending';
}

interface SettleWindow {
  /** When watching began (right after the job ended), on the samples' clock. */
  startedAt: number;
  /** How long the unit must stay active, in milliseconds. */
  windowMs: number;
}

const STOPPED_STATES = new Set(['failed', 'inactive', 'deactivating']);

/** Exit information in systemd's words, e.g. `exit-code, status=1`. */
function describeExit(s: UnitSample): string {
  const how: Record<number, string> = { 1: 'exited with status', 2: 'killed by signal', 3: 'dumped core on signal' };
  const exit = how[s.execMainCode] ? `, main process ${how[s.execMainCode]} ${s.execMainStatus}` : '';
  return `${s.activeState}/${s.subState}${s.result && s.result !== 'success' ? ` (result ${s.result})` : ''}${exit}`;
}

/** The first failure a single sample shows against the baseline, if any. */
function failureIn(baseline: UnitSample, s: UnitSample): { reason: FailureReason; detail: string } | null {
  if (s.nRestarts > baseline.nRestarts) {
    return { reason: 'restarted', detail: `systemd restarted the unit ${s.nRestarts - baseline.nRestarts} time(s): ${describeExit(s)}` };
  }
  if (s.subState === 'auto-restart') {
    return { reason: 'restarted', detail: `the unit's process ended and systemd is restarting it: ${describeExit(s)}` };
  }
  if (s.invocationId && baseline.invocationId && s.invocationId !== baseline.invocationId) {
    return { reason: 'restarted', detail: `a new invocation began (${s.invocationId}): ${describeExit(s)}` };
  }
  if (STOPPED_STATES.has(s.activeState)) {
    return { reason: 'exited', detail: `the unit stopped: ${describeExit(s)}` };
  }
  return null;
}

/**
 * Judge the samples seen so far. `now` is the caller's clock: before the window
 * closes the answer is `failed` (as soon as a sample shows it) or `pending`;
 * once it has closed, `healthy` if the last sample is active and nothing failed.
 * The first sample is the baseline: the unit as it was when the job ended.
 */
export function judgeSettle(samples: readonly UnitSample[], window: SettleWindow, now: number): SettleVerdict | Pending {
  const baseline = samples[0];
  if (!baseline) return now >= window.startedAt + window.windowMs ? notObserved(window, now) : { verdict: 'pending' };
  for (const s of samples) {
    const failure = failureIn(baseline, s);
    if (failure) {
      return { verdict: 'failed', ...failure, invocationId: s.invocationId || baseline.invocationId, sample: s, observedMs: s.at - window.startedAt };
    }
  }
  if (now < window.startedAt + window.windowMs) return { verdict: 'pending' };
  const last = samples[samples.length - 1];
  if (last.activeState !== 'active') {
    return {
      verdict: 'failed',
      reason: 'not-active',
      detail: `not active when the ${window.windowMs} ms window closed: ${describeExit(last)}`,
      invocationId: last.invocationId,
      sample: last,
      observedMs: now - window.startedAt,
    };
  }
  return { verdict: 'healthy', invocationId: last.invocationId, observedMs: now - window.startedAt };
}

function notObserved(window: SettleWindow, now: number): SettleVerdict {
  const blank: UnitSample = { at: now, activeState: 'unknown', subState: 'unknown', result: '', nRestarts: 0, invocationId: '', execMainCode: 0, execMainStatus: 0 };
  return { verdict: 'failed', reason: 'not-active', detail: 'the unit could not be observed', invocationId: '', sample: blank, observedMs: now - window.startedAt };
}
