// How a run spends its time: each new image pulled once before the first
// restart, restarts bounded and overlapping, and a gate that ends on evidence.
import { runUpdate, type RunOptions } from '../../../src/update';
import { dig, FakeWorld, hex } from './support/fake-world';

const apply: RunOptions = { mode: 'apply', trigger: 'manual', concurrency: 2 };
const REPOS = ['localhost:5000/demo/web', 'localhost:5000/demo/api'];

/** 4 units per repo, all on `:1` (image a0/a1), the registry has moved both tags to b0/b1. */
function fleet(options: { healthcheck?: boolean; labels?: Record<string, string>; units?: number } = {}): FakeWorld {
  const w = new FakeWorld();
  REPOS.forEach((repo, i) => {
    const old = { id: hex(`a${i}`), digest: dig(`a${i}`), behaviour: 'healthy' as const, healthcheck: options.healthcheck ?? true };
    w.addImage(old, `${repo}:1`);
    w.publish({ id: hex(`b${i}`), digest: dig(`b${i}`), behaviour: 'healthy', healthcheck: options.healthcheck ?? true }, `${repo}:1`);
    for (let n = 1; n <= (options.units ?? 4); n++) {
      const name = `${repo.split('/').pop()}${n}`;
      w.addUnit({ name: `${name}.service`, container: name, image: `${repo}:1`, labels: { 'io.quadctl.policy': 'digest', ...options.labels } });
    }
  });
  return w;
}

test('units sharing an image share one pull, and every pull is done before the first restart', async () => {
  const w = fleet();
  const report = await runUpdate(w.ports(), apply);
  expect(report.verdict).toBe('ok');
  const pulls = w.log.filter((l) => l.startsWith('pull'));
  expect(pulls.sort()).toEqual(REPOS.map((r, i) => `pull ${r}@${dig(`b${i}`)}`).sort());
  expect(w.log.findIndex((l) => l.startsWith('restart'))).toBeGreaterThan(Math.max(...pulls.map((p) => w.log.indexOf(p))));
  expect(w.history().map((e) => e.result)).toEqual(Array(8).fill('updated'));
});

test('the units of an image whose pull fails are not touched; the others are updated; the run fails', async () => {
  const w = fleet();
  w.failPullOf = 'demo/api';
  const report = await runUpdate(w.ports(), apply);
  expect(report.verdict).toBe('failed');
  const byUnit = new Map(w.history().map((e) => [e.unit, e]));
  for (let n = 1; n <= 4; n++) {
    expect(byUnit.get(`api${n}.service`)).toMatchObject({ result: 'failed', reason: expect.stringMatching(/^pull failed, nothing changed: manifest unknown/) });
    expect(byUnit.get(`web${n}.service`)?.result).toBe('updated');
    expect(w.running.get(`api${n}.service`)).toBe(hex('a1'));
  }
  expect(w.log.filter((l) => l.startsWith('restart api'))).toEqual([]);
  expect(w.log.filter((l) => l.includes('demo/api@'))).toHaveLength(1);
});

test('independent units restart at most --restarts at once, and do overlap', async () => {
  const w = fleet();
  await runUpdate(w.ports(), { ...apply, restarts: 3 });
  expect(w.maxInFlight).toBe(3);
  const one = fleet();
  await runUpdate(one.ports(), { ...apply, restarts: 1 });
  expect(one.maxInFlight).toBe(1);
});

test('units that depend on each other still restart one after another, the dependency verified first', async () => {
  const w = fleet();
  w.units.get('web2.service')!.dependsOn = ['web1.service'];
  await runUpdate(w.ports(), { ...apply, restarts: 8 });
  const steps = w.lines.map((l) => JSON.parse(l) as { type: string; txn: string; unit?: string; step?: string });
  const txnOf = (unit: string): string => steps.find((r) => r.type === 'begin' && r.unit === unit)!.txn;
  const verified1 = steps.findIndex((r) => r.txn === txnOf('web1.service') && r.step === 'verified');
  const begin2 = steps.findIndex((r) => r.type === 'begin' && r.unit === 'web2.service');
  expect(verified1).toBeGreaterThanOrEqual(0);
  expect(begin2).toBeGreaterThan(verified1);
});

describe('when the gate ends', () => {
  test('a container with a healthcheck: as soon as it passed and the unit stayed up the minimum window', async () => {
    const w = fleet({ units: 1 });
    await runUpdate(w.ports(), apply);
    expect(w.settles).toEqual(['evidence after 2000 ms', 'evidence after 2000 ms']);
    expect(w.history()[0].steps.find((s) => s.step === 'verified')?.note).toMatch(/healthcheck passed/);
  });

  test('a probe is evidence too', async () => {
    const w = fleet({ units: 1, healthcheck: false, labels: { 'io.quadctl.probe': 'exec:true' } });
    await runUpdate(w.ports(), apply);
    expect(w.settles).toEqual(['evidence after 2000 ms', 'evidence after 2000 ms']);
  });

  test('no healthcheck and no probe: the whole settle window', async () => {
    const w = fleet({ units: 1, healthcheck: false, labels: { 'io.quadctl.settle': '4s' } });
    await runUpdate(w.ports(), apply);
    expect(w.settles).toEqual(['window 4000 ms', 'window 4000 ms']);
  });

  test('a settle window shorter than the minimum: the settle window is the whole watch', async () => {
    const w = fleet({ units: 1, labels: { 'io.quadctl.settle': '1s' } });
    await runUpdate(w.ports(), apply);
    expect(w.settles).toEqual(['evidence after 1000 ms', 'evidence after 1000 ms']);
  });
});
