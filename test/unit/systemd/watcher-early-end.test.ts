// The settle watcher's early end (docs/rollback.md, "When the gate ends"): with
// the caller's health evidence in, the window ends at its minimum instead of its
// full length — and a crash is still seen, before and after the evidence.
// The bus is faked (its PropertiesChanged signals are hand-written); the clock is
// jest's, so every duration here is exact.
import type { Signal, SignalListener, SystemdBus } from '../../../src/adapters/systemd/bus';
import { PROPERTIES } from '../../../src/adapters/systemd/bus';
import { UnitWatcher, type Judged } from '../../../src/adapters/systemd/settle';
import { SERVICE_IFACE, UNIT_IFACE } from '../../../src/adapters/systemd/unit-state';

const PATH = '/org/freedesktop/systemd1/unit/web_2eservice';
const INVOCATION = Array.from({ length: 16 }, (_, i) => i);

/** Just what the watcher uses of a bus: LoadUnit, GetAll, signals in order. */
class FakeBus {
  private seq = 0;
  private readonly listeners = new Set<SignalListener>();
  unit: Record<string, unknown> = { LoadState: 'loaded', ActiveState: 'active', SubState: 'running', InvocationID: INVOCATION };
  service: Record<string, unknown> = { Result: 'success', NRestarts: 0 };

  get nextSeq(): number {
    return this.seq + 1;
  }

  /** Units whose signals the watcher asked for (the real bus adds a match rule). */
  readonly watching = new Map<string, number>();

  async watchUnit(path: string): Promise<() => void> {
    this.watching.set(path, (this.watching.get(path) ?? 0) + 1);
    return () => this.watching.set(path, (this.watching.get(path) ?? 1) - 1);
  }

  onSignal(l: SignalListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  async call(spec: { member: string; body?: unknown[] }): Promise<unknown[]> {
    if (spec.member === 'LoadUnit') return [PATH];
    if (spec.member === 'GetAll') return [spec.body?.[0] === UNIT_IFACE ? this.unit : this.service];
    throw new Error(`unexpected call ${spec.member}`);
  }

  async getAll(_path: string, iface: string): Promise<Record<string, unknown>> {
    return iface === UNIT_IFACE ? { ...this.unit } : { ...this.service };
  }

  /** systemd reports a change: the state moves and a signal goes out. */
  change(iface: string, changed: Record<string, unknown>): void {
    Object.assign(iface === UNIT_IFACE ? this.unit : this.service, changed);
    const s: Signal = { seq: ++this.seq, path: PATH, iface: PROPERTIES, member: 'PropertiesChanged', body: [iface, changed, []] };
    for (const l of [...this.listeners]) l(s);
  }

  /** A job's end: just a signal number to watch from. */
  mark(): number {
    return ++this.seq;
  }
}

const WINDOW_MS = 10_000;
const MIN_MS = 2_000;

async function watch(bus: FakeBus): Promise<{ judged: Promise<Judged>; ended: () => number | null; evidence: (done: boolean) => void }> {
  const t0 = Date.now();
  const w = await UnitWatcher.start(bus as unknown as SystemdBus, 'web.service', () => Date.now());
  let settle: (done: boolean) => void = () => undefined;
  const ready = new Promise<boolean>((resolve) => {
    settle = resolve;
  });
  let endedAt: number | null = null;
  const judged = w.judge(bus.mark(), WINDOW_MS, { minMs: MIN_MS, ready }).finally(() => {
    endedAt = Date.now() - t0;
    w.stop();
  });
  return { judged, ended: () => endedAt, evidence: settle };
}

/** Advance the fake clock in steps, letting promise callbacks run in between. */
async function advance(ms: number): Promise<void> {
  await jest.advanceTimersByTimeAsync(ms);
}

describe('settle watcher: the early end once the evidence is in', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  test('evidence in before the minimum: the window ends at the minimum, healthy', async () => {
    const bus = new FakeBus();
    const run = await watch(bus);
    await advance(500);
    run.evidence(true);
    await advance(1_000);
    expect(run.ended()).toBeNull(); // 1.5 s: a crash right after start must still have time to show
    await advance(600);
    const { verdict } = await run.judged;
    expect(verdict.verdict).toBe('healthy');
    expect(run.ended()).toBe(MIN_MS);
  });

  test('evidence in after the minimum: the window ends then, not at its full length', async () => {
    const bus = new FakeBus();
    const run = await watch(bus);
    await advance(4_000);
    expect(run.ended()).toBeNull();
    run.evidence(true);
    await advance(0);
    const { verdict } = await run.judged;
    expect(verdict.verdict).toBe('healthy');
    expect(run.ended()).toBe(4_000);
  });

  test('no health signal (evidence says "not done"): the full window', async () => {
    const bus = new FakeBus();
    const run = await watch(bus);
    run.evidence(false);
    await advance(WINDOW_MS - 1);
    expect(run.ended()).toBeNull();
    await advance(1);
    expect((await run.judged).verdict.verdict).toBe('healthy');
    expect(run.ended()).toBe(WINDOW_MS);
  });

  test('evidence never comes: the full window, and no early end', async () => {
    const bus = new FakeBus();
    const run = await watch(bus);
    await advance(WINDOW_MS);
    expect((await run.judged).verdict.verdict).toBe('healthy');
    expect(run.ended()).toBe(WINDOW_MS);
  });

  test('a crash after the evidence but inside the minimum fails the unit at once', async () => {
    const bus = new FakeBus();
    const run = await watch(bus);
    run.evidence(true);
    await advance(1_200);
    bus.change(SERVICE_IFACE, { Result: 'exit-code', ExecMainCode: 1, ExecMainStatus: 3 });
    bus.change(UNIT_IFACE, { ActiveState: 'failed', SubState: 'failed' });
    await advance(0);
    const { verdict } = await run.judged;
    expect(verdict).toMatchObject({ verdict: 'failed', reason: 'exited' });
    expect(run.ended()).toBe(1_200);
  });

  test('a restart by systemd (Restart=always) before the evidence is a failure, whatever the evidence says later', async () => {
    const bus = new FakeBus();
    const run = await watch(bus);
    await advance(700);
    bus.change(SERVICE_IFACE, { NRestarts: 1 });
    await advance(0);
    run.evidence(true);
    const { verdict } = await run.judged;
    expect(verdict).toMatchObject({ verdict: 'failed', reason: 'restarted' });
    expect(run.ended()).toBe(700);
  });
});
