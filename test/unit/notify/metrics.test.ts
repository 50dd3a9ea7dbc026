import { metricsText } from '../../../src/metrics/exposition';
import { runStateOf, type RunState } from '../../../src/metrics/run-state';
import { runUpdate } from '../../../src/update';
import { dig, FakeWorld, hex } from '../update/support/fake-world';

const REPO = 'localhost:5000/demo/web';

async function run(next: 'healthy' | 'exits', previous: RunState | null): Promise<{ w: FakeWorld; state: RunState }> {
  const w = new FakeWorld();
  const a = { id: hex('a'), digest: dig('a'), behaviour: 'healthy' as const };
  w.addImage(a, `${REPO}:1.2.0`);
  w.publish(a, `${REPO}:1.2.0`);
  w.publish({ id: hex('b'), digest: dig('b'), behaviour: next }, `${REPO}:1.2.0`);
  w.addUnit({ name: 'web.service', container: 'web', image: `${REPO}:1.2.0`, labels: { 'io.quadctl.policy': 'digest' } });
  const report = await runUpdate(w.ports(), { mode: 'apply', trigger: 'timer', concurrency: 1 });
  return { w, state: runStateOf(report, { startedAt: 1_700_000_000_000, finishedAt: 1_700_000_012_500 }, previous, 0) };
}

describe('metrics text', () => {
  test('after an update: last run ok, the unit on its new digest, one update counted', async () => {
    const { w, state } = await run('healthy', null);
    const text = metricsText(state, w.history());
    expect(text).toContain('# TYPE quadctl_last_run_timestamp_seconds gauge\nquadctl_last_run_timestamp_seconds 1700000012.5\n');
    expect(text).toContain('quadctl_last_run_duration_seconds 12.5\n');
    expect(text).toContain('quadctl_last_run_result{result="ok"} 1\nquadctl_last_run_result{result="rolled-back"} 0\n');
    expect(text).toContain('quadctl_last_success_timestamp_seconds 1700000012.5\n');
    expect(text).toContain(`quadctl_unit_info{unit="web.service",container="web",image="${REPO}:1.2.0",digest="${dig('b')}",version="1.2.0"} 1\n`);
    expect(text).toContain('quadctl_unit_update_pending{unit="web.service",container="web"} 0\n');
    expect(text).toContain('# TYPE quadctl_unit_updates_total counter\nquadctl_unit_updates_total{unit="web.service"} 1\n');
    expect(text).toContain('quadctl_unit_rollbacks_total{unit="web.service"} 0\n');
  });

  test('after a rollback: result rolled-back, the last success carried over, the unit held, one rollback counted', async () => {
    const { state: before } = await run('healthy', null);
    const { w, state } = await run('exits', before);
    const text = metricsText(state, w.history());
    expect(text).toContain('quadctl_last_run_result{result="rolled-back"} 1\n');
    expect(text).toContain('quadctl_last_success_timestamp_seconds 1700000012.5\n');
    expect(text).toContain(`digest="${dig('a')}"`);
    expect(text).toContain('quadctl_unit_held{unit="web.service",container="web"} 1\n');
    expect(text).toContain('quadctl_unit_rollbacks_total{unit="web.service"} 1\n');
  });

  test('label values escape backslash, quote and newline', () => {
    const state: RunState = { v: 1, finishedAt: 0, durationMs: 0, mode: 'apply', verdict: 'ok', lastOkAt: null, notifyFailures: 0, units: [{ unit: 'a"b\\c\nd.service', container: 'c', image: 'i', digest: '', pending: false, held: false }] };
    expect(metricsText(state, [])).toContain('quadctl_unit_held{unit="a\\"b\\\\c\\nd.service",container="c"} 0');
  });

  test('nothing run yet: counters only, no run gauges', () => {
    expect(metricsText(null, [])).toBe('\n');
  });
});
