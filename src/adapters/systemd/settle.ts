// The settle watcher: follow a unit's PropertiesChanged signals for a window and
// let the pure judge (src/update/settle-verdict) decide healthy or failed.
import { judgeSettle, type SettleVerdict, type UnitSample } from '../../update/settle-verdict';
import { PROPERTIES, unwrapVariants, type Signal, type SystemdBus } from './bus';
import { journalctlReader } from './journal';
import type { SettleOptions, SettleResult, UnitState } from './types';
import { mergeChanged, readUnitState, sampleOf, unitPath } from './unit-state';

export const DEFAULT_SETTLE_WINDOW_MS = 10_000;

type Clock = () => number;
const monotonic: Clock = () => performance.now();

/** The verdict, the samples it was drawn from, and when the judged invocation began. */
export interface Judged {
  verdict: SettleVerdict;
  samples: UnitSample[];
  since: number | null;
}

interface Seen {
  seq: number;
  state: UnitState;
  sample: UnitSample;
}

/**
 * Keeps the unit's state current from PropertiesChanged signals, recording a
 * sample per signal. Start it *before* a job so no transition is missed.
 */
export class UnitWatcher {
  private readonly seen: Seen[] = [];
  private off: (() => void) | null = null;
  private unwatch: (() => void) | null = null;
  private wake: (() => void) | null = null;

  private constructor(
    private readonly bus: SystemdBus,
    readonly unit: string,
    readonly path: string,
    private readonly clock: Clock,
  ) {}

  static async start(bus: SystemdBus, unit: string, clock: Clock = monotonic): Promise<UnitWatcher> {
    const path = await unitPath(bus, unit);
    const unwatch = await bus.watchUnit(path);
    const w = new UnitWatcher(bus, unit, path, clock);
    w.unwatch = unwatch;
    // Listen before the first read: a change between the two is then not lost.
    const pending: Signal[] = [];
    w.off = bus.onSignal((s) => (w.seen.length ? w.apply(s) : pending.push(s)));
    const seq = bus.nextSeq - 1;
    let state: UnitState;
    try {
      state = await readUnitState(bus, unit, path);
    } catch (err) {
      w.stop();
      throw err;
    }
    w.seen.push({ seq, state, sample: sampleOf(state, clock()) });
    for (const s of pending) if (s.seq > seq) w.apply(s);
    return w;
  }

  private apply(s: Signal): void {
    if (s.path !== this.path || s.iface !== PROPERTIES || s.member !== 'PropertiesChanged') return;
    const last = this.seen[this.seen.length - 1];
    const state = mergeChanged(last.state, String(s.body[0]), unwrapVariants(s.body[1]));
    this.seen.push({ seq: s.seq, state, sample: sampleOf(state, this.clock()) });
    this.wake?.();
  }

  /** The state as of the last signal at or before `seq`. */
  stateAt(seq: number): Seen {
    let found = this.seen[0];
    for (const s of this.seen) if (s.seq <= seq) found = s;
    return found;
  }

  get current(): UnitState {
    return this.seen[this.seen.length - 1].state;
  }

  /**
   * Watch from the point `fromSeq` (e.g. a job's JobRemoved) for `windowMs`:
   * resolves early on failure, otherwise when the window closes — or, once
   * `early.ready` resolved true, at `early.minMs` (or at once when later).
   */
  async judge(fromSeq: number, windowMs: number, early?: { minMs: number; ready: Promise<boolean> }): Promise<Judged> {
    const base = this.stateAt(fromSeq);
    const startedAt = this.clock();
    const window = { startedAt, windowMs };
    early?.ready.then(
      (done) => {
        if (!done) return;
        window.windowMs = Math.min(windowMs, Math.max(early.minMs, this.clock() - startedAt));
        this.wake?.();
      },
      () => undefined,
    );
    const timeline = (): UnitSample[] => [{ ...base.sample, at: startedAt }, ...this.seen.filter((s) => s.seq > base.seq).map((s) => s.sample)];
    for (;;) {
      const verdict = judgeSettle(timeline(), window, this.clock());
      if (verdict.verdict !== 'pending') return { verdict, samples: timeline(), since: base.state.timestamps.inactiveExit };
      const left = startedAt + window.windowMs - this.clock();
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(0, left));
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = null;
      if (this.clock() >= startedAt + window.windowMs) await this.refresh();
    }
  }

  /** A full read at the window's end, in case a change came without a signal. */
  private async refresh(): Promise<void> {
    const state = await readUnitState(this.bus, this.unit, this.path);
    this.seen.push({ seq: this.bus.nextSeq - 0.5, state, sample: sampleOf(state, this.clock()) });
  }

  stop(): void {
    this.off?.();
    this.off = null;
    this.unwatch?.();
    this.unwatch = null;
  }
}

/** Turn the judge's verdict into the adapter's result, fetching the journal on failure. */
export async function toSettleResult(
  w: UnitWatcher,
  outcome: Judged,
  opts: SettleOptions,
): Promise<SettleResult> {
  const { verdict, samples, since } = outcome;
  if (verdict.verdict === 'healthy') {
    return { verdict: 'healthy', unit: w.unit, invocationId: verdict.invocationId, observedMs: verdict.observedMs, state: w.current };
  }
  const journal = await (opts.journal ?? journalctlReader())(w.unit, verdict.invocationId, { since });
  return {
    verdict: 'failed',
    unit: w.unit,
    reason: verdict.reason,
    detail: verdict.detail,
    invocationId: verdict.invocationId,
    observedMs: verdict.observedMs,
    state: w.current,
    journal,
    samples,
  };
}

/** Watch a unit from now on for the window. */
export async function settleUnit(bus: SystemdBus, unit: string, opts: SettleOptions = {}): Promise<SettleResult> {
  const w = await UnitWatcher.start(bus, unit);
  try {
    const outcome = await w.judge(bus.nextSeq - 1, opts.windowMs ?? DEFAULT_SETTLE_WINDOW_MS);
    return await toSettleResult(w, outcome, opts);
  } finally {
    w.stop();
  }
}
