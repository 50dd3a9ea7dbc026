import fc from 'fast-check';
import { judgeSettle, type UnitSample } from '../../../src/update/settle-verdict';

const ID = 'a'.repeat(32);
const running = (at: number, over: Partial<UnitSample> = {}): UnitSample => ({
  at,
  activeState: 'active',
  subState: 'running',
  result: 'success',
  nRestarts: 0,
  invocationId: ID,
  execMainCode: 0,
  execMainStatus: 0,
  ...over,
});
const window = { startedAt: 0, windowMs: 1000 };

describe('judgeSettle', () => {
  test('a unit that stays active for the whole window is healthy, only once the window has closed', () => {
    const samples = [running(0), running(400)];
    expect(judgeSettle(samples, window, 999).verdict).toBe('pending');
    expect(judgeSettle(samples, window, 1000)).toEqual({ verdict: 'healthy', invocationId: ID, observedMs: 1000 });
  });

  test('a process that exits right after the job fails at once, with the exit status in the detail', () => {
    const died = running(5, { activeState: 'failed', subState: 'failed', result: 'exit-code', execMainCode: 1, execMainStatus: 3 });
    const v = judgeSettle([running(0), died], window, 6);
    expect(v).toMatchObject({ verdict: 'failed', reason: 'exited', invocationId: ID, observedMs: 5 });
    expect(v.verdict === 'failed' && v.detail).toContain('exited with status 3');
  });

  test('a unit that is already failed when watching starts is failed', () => {
    const v = judgeSettle([running(0, { activeState: 'failed', subState: 'failed', result: 'signal', execMainCode: 2, execMainStatus: 9 })], window, 0);
    expect(v).toMatchObject({ verdict: 'failed', reason: 'exited' });
    expect(v.verdict === 'failed' && v.detail).toContain('killed by signal 9');
  });

  test('Restart=always cannot hide a crash loop: auto-restart, a grown NRestarts or a new invocation are failures', () => {
    const cases: UnitSample[] = [
      running(10, { activeState: 'activating', subState: 'auto-restart', result: 'exit-code' }),
      running(10, { nRestarts: 1 }),
      running(10, { invocationId: 'b'.repeat(32) }),
    ];
    for (const later of cases) {
      expect(judgeSettle([running(0), later, running(20, later)], window, 30)).toMatchObject({ verdict: 'failed', reason: 'restarted' });
    }
  });

  test('restarts counted before the job (the baseline) are not held against the unit', () => {
    expect(judgeSettle([running(0, { nRestarts: 4 }), running(500, { nRestarts: 4 })], window, 1000).verdict).toBe('healthy');
  });

  test('a unit still activating when the window closes is failed as not-active', () => {
    const v = judgeSettle([running(0, { activeState: 'activating', subState: 'start' })], window, 1000);
    expect(v).toMatchObject({ verdict: 'failed', reason: 'not-active' });
  });

  test('a unit that stopped and came back inside the window is still failed (the dip is remembered)', () => {
    const samples = [running(0), running(100, { activeState: 'inactive', subState: 'dead' }), running(200)];
    expect(judgeSettle(samples, window, 1000)).toMatchObject({ verdict: 'failed', reason: 'exited', observedMs: 100 });
  });

  test('nothing observed at all is a failure, never a silent healthy', () => {
    expect(judgeSettle([], window, 500).verdict).toBe('pending');
    expect(judgeSettle([], window, 1000)).toMatchObject({ verdict: 'failed', reason: 'not-active' });
  });

  test('property: healthy exactly when every sample is active with the baseline invocation and restart count', () => {
    const state = fc.constantFrom('active', 'failed', 'inactive', 'activating', 'deactivating', 'reloading');
    const sample = fc.record({ at: fc.integer({ min: 0, max: 999 }), activeState: state, restart: fc.boolean(), newId: fc.boolean() });
    fc.assert(
      fc.property(fc.array(sample, { maxLength: 8 }), (raw) => {
        const samples = [running(0), ...raw.map((r) => running(r.at, { activeState: r.activeState, nRestarts: r.restart ? 1 : 0, invocationId: r.newId ? 'c'.repeat(32) : ID }))];
        const lastActive = samples[samples.length - 1].activeState === 'active';
        const stoppedOrRestarted = samples.some((s) => ['failed', 'inactive', 'deactivating'].includes(s.activeState) || s.nRestarts > 0 || s.invocationId !== ID);
        const v = judgeSettle(samples, window, 1000);
        expect(v.verdict === 'healthy').toBe(!stoppedOrRestarted && lastActive);
      }),
    );
  });
});
