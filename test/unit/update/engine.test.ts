import { forgetBad, markBad, releaseHold, runUpdate, setHold, type RunOptions } from '../../../src/update';
import { dig, FakeWorld, hex, type Behaviour } from './support/fake-world';

const REPO = 'localhost:5000/demo/web';
const apply: RunOptions = { mode: 'apply', trigger: 'manual', concurrency: 2 };

/** web.service on REPO:1.2.0 (image a), policy from labels; the registry has moved the tag to `next`. */
function world(labels: Record<string, string>, next: Behaviour | null, extra: { healthcheck?: boolean } = {}): FakeWorld {
  const w = new FakeWorld();
  const old = { id: hex('a'), digest: dig('a'), behaviour: 'healthy' as const, healthcheck: extra.healthcheck };
  w.addImage(old, `${REPO}:1.2.0`);
  w.publish(old, `${REPO}:1.2.0`);
  if (next) w.publish({ id: hex('b'), digest: dig('b'), behaviour: next, healthcheck: extra.healthcheck }, `${REPO}:1.2.0`);
  w.addUnit({ name: 'web.service', container: 'web', image: `${REPO}:1.2.0`, labels });
  return w;
}

function results(w: FakeWorld): (string | null)[] {
  return w.history().map((e) => e.result);
}

describe('a new digest on the same tag', () => {
  test('moves the tag, restarts, and records `updated`', async () => {
    const w = world({ 'io.quadctl.policy': 'digest' }, 'healthy');
    const report = await runUpdate(w.ports(), apply);
    expect(report.verdict).toBe('ok');
    expect(w.running.get('web.service')).toBe(hex('b'));
    expect(w.tags.get(`${REPO}:1.2.0`)).toBe(hex('b'));
    expect(w.images.has(hex('a'))).toBe(true); // the old image is kept for rollback
    expect(w.dropIns.size).toBe(0); // same tag: no drop-in needed
    const [entry] = w.history();
    expect(entry).toMatchObject({ result: 'updated', from: { digest: dig('a'), imageId: hex('a') }, to: { digest: dig('b'), imageId: hex('b') } });
    expect(entry.steps.map((s) => s.step)).toEqual(['pulled', 'switched', 'restarted', 'verified']);
  });

  test("honours Podman's io.containers.autoupdate=registry without a quadctl label", async () => {
    const w = world({ 'io.containers.autoupdate': 'registry' }, 'healthy');
    await runUpdate(w.ports(), apply);
    expect(results(w)).toEqual(['updated']);
  });

  test('nothing to do when the registry digest is the one running', async () => {
    const w = world({ 'io.quadctl.policy': 'digest' }, null);
    const report = await runUpdate(w.ports(), apply);
    expect(report.plan[0]).toMatchObject({ action: 'none', reason: 'up to date' });
    expect(report.verdict).toBe('ok');
    expect(w.lines).toEqual([]);
  });

  test('dry-run and check-only change nothing and write no history', async () => {
    for (const mode of ['dry-run', 'check-only'] as const) {
      const w = world({ 'io.quadctl.policy': 'digest' }, 'healthy');
      const report = await runUpdate(w.ports(), { ...apply, mode });
      expect(report.plan[0]).toMatchObject({ action: 'update', candidate: { digest: dig('b'), pull: `${REPO}@${dig('b')}` } });
      expect(w.running.get('web.service')).toBe(hex('a'));
      expect(w.log).toEqual([]);
      expect(w.lines).toEqual([]);
    }
  });

  test('download-only pulls but neither moves the tag nor restarts', async () => {
    const w = world({ 'io.quadctl.policy': 'digest' }, 'healthy');
    const report = await runUpdate(w.ports(), { ...apply, mode: 'download-only' });
    expect(report.downloads).toEqual([expect.objectContaining({ ok: true, pull: `${REPO}@${dig('b')}` })]);
    expect(w.images.has(hex('b'))).toBe(true);
    expect(w.tags.get(`${REPO}:1.2.0`)).toBe(hex('a'));
    expect(w.log.filter((l) => l.startsWith('restart'))).toEqual([]);
    // The full run that follows needs no second download.
    await runUpdate(w.ports(), apply);
    expect(w.log.filter((l) => l.startsWith('pull'))).toHaveLength(1);
    expect(w.running.get('web.service')).toBe(hex('b'));
  });
});

describe('rollback', () => {
  test.each([
    ['exits', /the unit stopped/],
    ['restart-loop', /restarted the unit/],
  ] as const)('an image whose unit %s is rolled back to the previous digest', async (behaviour, why) => {
    const w = world({ 'io.quadctl.policy': 'digest' }, behaviour);
    const report = await runUpdate(w.ports(), apply);
    expect(report.verdict).toBe('rolled-back');
    expect(w.running.get('web.service')).toBe(hex('a'));
    expect(w.tags.get(`${REPO}:1.2.0`)).toBe(hex('a'));
    const [entry] = w.history();
    expect(entry.result).toBe('rolled-back');
    expect(entry.reason).toMatch(why);
    expect(entry.steps.map((s) => s.step)).toEqual(['pulled', 'switched', 'restarted', 'rollback-started', 'restored', 'rollback-restarted', 'rollback-verified']);
  });

  test("a failing Podman healthcheck rolls back", async () => {
    const w = world({ 'io.quadctl.policy': 'digest' }, 'unhealthy', { healthcheck: true });
    await runUpdate(w.ports(), apply);
    expect(w.history()[0]).toMatchObject({ result: 'rolled-back', reason: expect.stringMatching(/podman healthcheck failed/) });
    expect(w.running.get('web.service')).toBe(hex('a'));
  });

  test('a failing probe from the policy rolls back, after retrying until the health timeout', async () => {
    const w = world({ 'io.quadctl.policy': 'digest', 'io.quadctl.probe': 'http://127.0.0.1:8080/', 'io.quadctl.health-timeout': '5s' }, 'probe-fails');
    const start = w.clock;
    await runUpdate(w.ports(), apply);
    expect(w.history()[0]).toMatchObject({ result: 'rolled-back', reason: expect.stringMatching(/probe http:\/\/127\.0\.0\.1:8080\/ failed: HTTP 503/) });
    expect(w.clock - start).toBeGreaterThanOrEqual(4000);
  });

  test('a probe that hangs fails when the health timeout is up (never passes), and no attempt may outlast it', async () => {
    const w = world({ 'io.quadctl.policy': 'digest', 'io.quadctl.probe': 'exec:sleep 100', 'io.quadctl.health-timeout': '5s' }, 'probe-hangs');
    const start = w.clock;
    const report = await runUpdate(w.ports(), apply);
    expect(report.verdict).toBe('rolled-back');
    expect(w.history()[0]).toMatchObject({ result: 'rolled-back', reason: expect.stringMatching(/probe exec:sleep 100 failed: timed out/) });
    expect(w.running.get('web.service')).toBe(hex('a'));
    expect(w.probeLimits[0]).toBe(5000);
    // The gate on the new image, then on the old one: each within its 5 s.
    expect(w.clock - start).toBeLessThanOrEqual(2 * 5000 + 2 * 1000);
  });

  test('when the previous image does not come up either, the unit is started and the entry is `failed`', async () => {
    const w = world({ 'io.quadctl.policy': 'digest' }, 'exits');
    w.images.get(hex('a'))!.behaviour = 'exits';
    const report = await runUpdate(w.ports(), apply);
    expect(report.verdict).toBe('failed');
    expect(w.history()[0]).toMatchObject({ result: 'failed', reason: expect.stringMatching(/rollback did not come up/) });
    expect(w.log[w.log.length - 1]).toBe('start web.service');
  });

  test('a pull that fails changes nothing and is recorded as failed', async () => {
    const w = world({ 'io.quadctl.policy': 'digest' }, 'healthy');
    w.failPull = true;
    const report = await runUpdate(w.ports(), apply);
    expect(report.verdict).toBe('failed');
    expect(w.history()[0]).toMatchObject({ result: 'failed', reason: expect.stringMatching(/pull failed, nothing changed: manifest unknown/) });
    expect(w.log.filter((l) => !l.startsWith('pull'))).toEqual([]);
  });
});

describe('a container in a pod systemd runs', () => {
  const POD = 'p'.repeat(64);
  function podWorld(next: Behaviour): FakeWorld {
    const w = world({ 'io.containers.autoupdate': 'registry' }, next);
    w.units.get('web.service')!.pod = POD;
    w.podUnits.set(POD, 'app-pod.service');
    return w;
  }

  test("is restarted through the pod's unit, and judged as its own unit", async () => {
    const w = podWorld('healthy');
    const report = await runUpdate(w.ports(), apply);
    expect(report.verdict).toBe('ok');
    expect(w.log.filter((l) => l.startsWith('restart'))).toEqual([`restart web.service via app-pod.service on ${hex('b')}`]);
    expect(w.running.get('web.service')).toBe(hex('b'));
  });

  test("a broken candidate is rolled back through the pod's unit too", async () => {
    const w = podWorld('exits');
    const report = await runUpdate(w.ports(), apply);
    expect(report.verdict).toBe('rolled-back');
    expect(w.log.filter((l) => l.startsWith('restart'))).toEqual([`restart web.service via app-pod.service on ${hex('b')}`, `restart web.service via app-pod.service on ${hex('a')}`]);
  });

  test('recovery after kill -9 restarts the pod as well', async () => {
    const w = podWorld('healthy');
    w.crashAt = 'after-restart';
    await expect(runUpdate(w.ports(), apply)).rejects.toThrow(/CRASH/);
    await runUpdate(w.ports(), apply);
    expect(w.history()[0].result).toBe('updated');
    expect(w.log.filter((l) => l.startsWith('restart')).slice(-1)).toEqual([`restart web.service via app-pod.service on ${hex('b')}`]);
  });

  test("--unit naming the pod's unit updates the containers in it (not an unknown unit)", async () => {
    const w = podWorld('healthy');
    const report = await runUpdate(w.ports(), { ...apply, units: ['app-pod'] });
    expect(report.verdict).toBe('ok');
    expect(w.running.get('web.service')).toBe(hex('b'));
  });

  test('the infra container is not listed as a unit to update', async () => {
    const report = await runUpdate(podWorld('healthy').ports(), { ...apply, mode: 'check-only' });
    expect(report.plan.map((r) => r.unit)).toEqual(['web.service']);
  });
});

describe('a state directory that fills up mid-update (restore before bookkeeping)', () => {
  test.each(['switched', 'restarted', 'verified', 'end'])('full from the %s record on: the previous image is back and running, then the run fails naming the cause', async (from) => {
    const w = world({ 'io.quadctl.policy': 'digest' }, 'healthy');
    w.fullFrom = from;
    const report = await runUpdate(w.ports(), apply);
    expect(report.verdict).toBe('failed');
    expect(w.tags.get(`${REPO}:1.2.0`)).toBe(hex('a'));
    expect(w.running.get('web.service')).toBe(hex('a'));
    expect(report.outcomes[0]).toMatchObject({ result: 'rolled-back', unrecorded: expect.stringMatching(/file system is full \(ENOSPC\)/) });
    expect(report.outcomes[0].reason).toMatch(/back on .*healthy; the history is incomplete: .*ENOSPC/);
  });

  test('full before anything changed (the intent cannot be recorded): nothing is touched', async () => {
    const w = world({ 'io.quadctl.policy': 'digest' }, 'healthy');
    w.fullFrom = 'begin';
    const report = await runUpdate(w.ports(), apply);
    expect(report.verdict).toBe('failed');
    expect(report.outcomes[0]).toMatchObject({ result: 'failed', reason: expect.stringMatching(/^nothing changed: the history could not be written: .*ENOSPC/) });
    expect(w.log.filter((l) => !l.startsWith('pull'))).toEqual([]);
    expect(w.running.get('web.service')).toBe(hex('a'));
  });

  test('full once pulled: nothing is switched', async () => {
    const w = world({ 'io.quadctl.policy': 'digest' }, 'healthy');
    w.fullFrom = 'pulled';
    const report = await runUpdate(w.ports(), apply);
    expect(report.outcomes[0]).toMatchObject({ result: 'failed', unrecorded: expect.stringMatching(/ENOSPC/) });
    expect(w.log.filter((l) => !l.startsWith('pull'))).toEqual([]);
  });
});

describe('a newer tag (semver policies)', () => {
  function semverWorld(policy: string, behaviour: Behaviour = 'healthy'): FakeWorld {
    const w = world({ 'io.quadctl.policy': policy }, null);
    w.publish({ id: hex('c'), digest: dig('c'), behaviour }, `${REPO}:1.3.0`);
    w.checks = (req) => ({ reference: req.reference, policy: req.policy, currentDigest: dig('a'), candidateTag: '1.3.0', candidateDigest: dig('c') });
    return w;
  }

  test('switches the unit through a drop-in and tags the pulled image', async () => {
    const w = semverWorld('minor');
    await runUpdate(w.ports(), apply);
    expect(w.dropIns.get('web.service')).toBe(`image=${REPO}:1.3.0`);
    expect(w.tags.get(`${REPO}:1.3.0`)).toBe(hex('c'));
    expect(w.running.get('web.service')).toBe(hex('c'));
    expect(w.history()[0]).toMatchObject({ result: 'updated', from: { image: `${REPO}:1.2.0`, dropIn: null }, to: { image: `${REPO}:1.3.0` } });
  });

  test('rolling back removes the drop-in so the unit runs its own image again', async () => {
    const w = semverWorld('minor', 'exits');
    await runUpdate(w.ports(), apply);
    expect(w.dropIns.has('web.service')).toBe(false);
    expect(w.running.get('web.service')).toBe(hex('a'));
    expect(results(w)).toEqual(['rolled-back']);
  });
});

describe('recovery after kill -9', () => {
  test('killed during the pulls, before any unit began: nothing to recover, the next run updates with the image already here', async () => {
    const w = world({ 'io.quadctl.policy': 'digest' }, 'healthy');
    w.crashAt = 'after-pull';
    await expect(runUpdate(w.ports(), apply)).rejects.toThrow(/CRASH/);
    expect(w.history()).toEqual([]);
    const report = await runUpdate(w.ports(), apply);
    expect(report.recovery).toEqual([]);
    expect(w.history().map((e) => e.result)).toEqual(['updated']);
    expect(w.log.filter((l) => l.startsWith('pull'))).toHaveLength(1);
  });

  test.each(['record-pulled', 'record-switched', 'after-restart', 'record-restarted', 'record-rollback-started'])('interrupted at %s: the next run finishes it', async (point) => {
    const broken = point === 'record-rollback-started';
    const w = world({ 'io.quadctl.policy': 'digest' }, broken ? 'exits' : 'healthy');
    w.crashAt = point;
    await expect(runUpdate(w.ports(), apply)).rejects.toThrow(/CRASH/);
    expect(w.history()[0].result).toBeNull();

    const report = await runUpdate(w.ports(), apply);
    expect(report.recovery).toHaveLength(1);
    const entries = w.history();
    expect(entries[0].result).toBe(broken ? 'rolled-back' : 'updated');
    expect(entries[0].steps.some((s) => s.step === 'recovering')).toBe(true);
    expect(w.running.get('web.service')).toBe(broken ? hex('a') : hex('b'));
    // Recovery finished the transaction; the plan then has nothing more to do
    // (a broken candidate that was just rolled back is not tried again on its own).
    expect(entries).toHaveLength(1);
  });

  test('--download-only never restarts: an interrupted transaction is left for the next full run', async () => {
    const w = world({ 'io.quadctl.policy': 'digest' }, 'healthy');
    w.crashAt = 'after-restart';
    await expect(runUpdate(w.ports(), apply)).rejects.toThrow(/CRASH/);
    const restarts = w.log.filter((l) => l.startsWith('restart')).length;
    const report = await runUpdate(w.ports(), { ...apply, mode: 'download-only' });
    expect(report.recovery).toEqual([expect.objectContaining({ why: expect.stringMatching(/interrupted after switched/) })]);
    expect(report.recovery[0].outcome).toBeUndefined();
    expect(w.log.filter((l) => l.startsWith('restart'))).toHaveLength(restarts);
    expect(w.history()[0].result).toBeNull();
  });

  test('dry-run reports what recovery would do without doing it', async () => {
    const w = world({ 'io.quadctl.policy': 'digest' }, 'healthy');
    w.crashAt = 'after-restart';
    await expect(runUpdate(w.ports(), apply)).rejects.toThrow(/CRASH/);
    const report = await runUpdate(w.ports(), { ...apply, mode: 'dry-run' });
    expect(report.recovery).toEqual([expect.objectContaining({ why: expect.stringMatching(/interrupted after switched: restart and judge health again/) })]);
    expect(report.recovery[0].outcome).toBeUndefined();
    expect(w.history()[0].result).toBeNull();
  });
});

describe('selection', () => {
  test('a unit opted out of timer runs is skipped by the timer but updated by hand', async () => {
    const w = world({ 'io.quadctl.policy': 'digest', 'io.quadctl.timer': 'false' }, 'healthy');
    const timer = await runUpdate(w.ports(), { ...apply, trigger: 'timer' });
    expect(timer.plan[0]).toMatchObject({ action: 'skip', reason: expect.stringMatching(/opted out of timer runs/) });
    expect(w.running.get('web.service')).toBe(hex('a'));
    await runUpdate(w.ports(), { ...apply, units: ['web'] });
    expect(w.running.get('web.service')).toBe(hex('b'));
  });

  test('a registry error skips only that unit, is recorded, and makes the run fail', async () => {
    const w = world({ 'io.quadctl.policy': 'digest' }, 'healthy');
    w.addImage({ id: hex('d'), digest: dig('d'), behaviour: 'healthy' }, 'localhost:5000/demo/db:1');
    w.addUnit({ name: 'db.service', container: 'db', image: 'localhost:5000/demo/db:1', labels: { 'io.quadctl.policy': 'digest' } });
    w.checks = (req) => (req.reference.includes('/db') ? { reference: req.reference, policy: req.policy, error: 'HTTP 500' } : { reference: req.reference, policy: req.policy, currentDigest: dig('b') });
    const report = await runUpdate(w.ports(), apply);
    expect(report.verdict).toBe('failed');
    expect(w.running.get('web.service')).toBe(hex('b'));
    expect(w.history().map((e) => [e.unit, e.result])).toEqual(expect.arrayContaining([['db.service', 'skipped'], ['web.service', 'updated']]));
  });

  test('an invalid io.containers.autoupdate value is an error for that container; the others still update', async () => {
    const w = world({ 'io.quadctl.policy': 'digest' }, 'healthy');
    w.addImage({ id: hex('d'), digest: dig('d'), behaviour: 'healthy' }, 'localhost:5000/demo/db:1');
    w.addUnit({ name: 'db.service', container: 'db', image: 'localhost:5000/demo/db:1', labels: { 'io.containers.autoupdate': 'bogus' } });
    const report = await runUpdate(w.ports(), apply);
    expect(report.verdict).toBe('failed');
    expect(report.plan.find((r) => r.unit === 'db.service')).toMatchObject({ action: 'skip', reason: expect.stringMatching(/io.containers.autoupdate="bogus" is not a valid auto-update policy/) });
    expect(w.running.get('web.service')).toBe(hex('b'));
  });

  test.each(['', 'disabled'])('io.containers.autoupdate=%j leaves the container alone without an error, as Podman does', async (value) => {
    const w = world({ 'io.containers.autoupdate': value }, 'healthy');
    const report = await runUpdate(w.ports(), apply);
    expect(report.verdict).toBe('ok');
    expect(report.plan[0]).toMatchObject({ action: 'none' });
    expect(w.running.get('web.service')).toBe(hex('a'));
  });

  test('--unit naming a unit no container is run by is refused before anything changes', async () => {
    const w = world({ 'io.quadctl.policy': 'digest' }, 'healthy');
    await expect(runUpdate(w.ports(), { ...apply, units: ['web', 'nosuch'] })).rejects.toThrow(/no container is run by nosuch\.service/);
    expect(w.log).toEqual([]);
  });

  test('--unit limits the run', async () => {
    const w = world({ 'io.quadctl.policy': 'digest' }, 'healthy');
    w.addImage({ id: hex('d'), digest: dig('d'), behaviour: 'healthy' }, 'localhost:5000/demo/db:1');
    w.addUnit({ name: 'other.service', container: 'db', image: 'localhost:5000/demo/db:1', labels: { 'io.quadctl.policy': 'digest' } });
    const report = await runUpdate(w.ports(), { ...apply, units: ['other'] });
    expect(report.plan.map((r) => r.unit)).toEqual(['other.service']);
    expect(w.running.get('web.service')).toBe(hex('a'));
  });
});

describe('cleanup', () => {
  test('after a second update the image before the previous one is pruned, the previous one kept', async () => {
    const w = world({ 'io.quadctl.policy': 'digest' }, 'healthy');
    await runUpdate(w.ports(), apply);
    w.publish({ id: hex('e'), digest: dig('e'), behaviour: 'healthy' }, `${REPO}:1.2.0`);
    const report = await runUpdate(w.ports(), apply);
    expect(report.pruned).toEqual([hex('a')]);
    expect(w.removed).toEqual([hex('a')]);
  });
});

describe('a candidate that failed before', () => {
  test('is known-bad for the unit, with the reason, until forgotten — named or not; a newer digest is tried', async () => {
    const w = world({ 'io.quadctl.policy': 'digest' }, 'exits');
    await runUpdate(w.ports(), apply);
    expect(w.state().units['web.service'].knownBad).toEqual([expect.objectContaining({ digest: dig('b'), entry: 'txn0001', reason: expect.stringMatching(/main process exited/) })]);
    const again = await runUpdate(w.ports(), apply);
    expect(again.verdict).toBe('ok');
    expect(again.plan[0]).toMatchObject({ action: 'skip', reason: expect.stringMatching(/failed its health gate \[txn0001\].*quadctl forget web.service/) });
    const named = await runUpdate(w.ports(), { ...apply, units: ['web'] });
    expect(named.plan[0]).toMatchObject({ action: 'skip' });
    expect(results(w)).toEqual(['rolled-back']);

    const forgotten = forgetBad(w.state(), 'web', hex('b').slice(0, 8));
    if (!forgotten.ok) throw new Error(forgotten.error);
    await w.ports().state.update(() => forgotten.value.state);
    expect((await runUpdate(w.ports(), apply)).verdict).toBe('rolled-back');
    expect(results(w)).toEqual(['rolled-back', 'rolled-back']);

    w.publish({ id: hex('f'), digest: dig('f'), behaviour: 'healthy' }, `${REPO}:1.2.0`);
    await runUpdate(w.ports(), apply);
    expect(w.running.get('web.service')).toBe(hex('f'));
  });

  test('a failed pull says nothing about the image: the next run tries it again', async () => {
    const w = world({ 'io.quadctl.policy': 'digest' }, 'healthy');
    w.failPull = true;
    expect((await runUpdate(w.ports(), apply)).verdict).toBe('failed');
    expect(w.state().units['web.service']).toBeUndefined();
    w.failPull = false;
    expect((await runUpdate(w.ports(), apply)).verdict).toBe('ok');
    expect(w.running.get('web.service')).toBe(hex('b'));
  });

  test('the registry is asked for the newest candidate that is not known-bad', async () => {
    const w = world({ 'io.quadctl.policy': 'patch' }, null);
    await w.ports().state.update((s) => markBad(s, 'web', { digest: dig('c'), image: `${REPO}:1.2.2`, reason: 'exits', entry: 'txn0009', at: 1 }));
    const asked: unknown[] = [];
    const base = w.checks;
    w.checks = (req) => {
      asked.push(req.avoid);
      return base(req);
    };
    await runUpdate(w.ports(), { ...apply, mode: 'check-only' });
    expect(asked).toEqual([[dig('c')]]);
  });
});

describe('holds', () => {
  test('a held unit is never updated, named or not, and says why; unhold releases it', async () => {
    const w = world({ 'io.quadctl.policy': 'digest' }, 'healthy');
    await w.ports().state.update((s) => setHold(s, 'web', { since: 0, reason: 'quadctl hold' }));
    for (const opts of [apply, { ...apply, units: ['web'] }, { ...apply, trigger: 'timer' as const }]) {
      const r = await runUpdate(w.ports(), opts);
      expect(r.plan[0]).toMatchObject({ action: 'skip', reason: expect.stringMatching(/held since 1970-01-01T00:00:00Z \(quadctl hold\); quadctl unhold web.service releases it/) });
    }
    expect(w.running.get('web.service')).toBe(hex('a'));
    await w.ports().state.update((s) => releaseHold(s, 'web').state);
    await runUpdate(w.ports(), apply);
    expect(w.running.get('web.service')).toBe(hex('b'));
  });
});

describe('the resolved image', () => {
  test('an update records what it resolved and from what request; a hand-written unit keeps its tag', async () => {
    const w = new FakeWorld();
    const old = { id: hex('a'), digest: dig('a'), behaviour: 'healthy' as const };
    w.addImage(old, `${REPO}:1.2.0`);
    w.addUnit({ name: 'web.service', container: 'web', image: `${REPO}:1.2.0`, labels: { 'io.quadctl.policy': 'patch' } });
    w.publish({ id: hex('b'), digest: dig('b'), behaviour: 'healthy' }, `${REPO}:1.2.1`);
    w.checks = (req) => ({ reference: req.reference, policy: req.policy, currentDigest: dig('a'), candidateTag: '1.2.1', candidateDigest: dig('b') });
    w.handWritten.add('web.service');
    const skipped = await runUpdate(w.ports(), apply);
    expect(skipped.plan[0]).toMatchObject({ action: 'skip', reason: expect.stringMatching(/newer tag 1.2.1 .*hand-written/) });
    w.handWritten.clear();
    await runUpdate(w.ports(), apply);
    expect(w.state().units['web.service']).toMatchObject({ requested: { image: `${REPO}:1.2.0`, policy: 'patch' }, resolved: { image: `${REPO}:1.2.1`, digest: dig('b'), entry: 'txn0001' } });
  });
});

describe('a private registry and the container auth file (io.containers.autoupdate.authfile)', () => {
  const AUTH = '/etc/quadctl/web-auth.json';
  const privateWorld = (labels: Record<string, string>): FakeWorld => {
    const w = world({ 'io.quadctl.policy': 'digest', ...labels }, 'healthy');
    w.privateWith = AUTH;
    return w;
  };

  test('the check and the pull use the label: the unit is updated, the pull names the file', async () => {
    const w = privateWorld({ 'io.containers.autoupdate.authfile': AUTH });
    const report = await runUpdate(w.ports(), apply);
    expect(report.verdict).toBe('ok');
    expect(w.log.filter((l) => l.startsWith('pull'))).toEqual([`pull ${REPO}@${dig('b')} --authfile ${AUTH}`]);
    expect(w.running.get('web.service')).toBe(hex('b'));
  });

  test('without the label the same registry refuses: skipped with the registry error, nothing pulled', async () => {
    const w = privateWorld({});
    const report = await runUpdate(w.ports(), apply);
    expect(report.plan[0]).toMatchObject({ action: 'skip', reason: expect.stringMatching(/registry error: no credentials/) });
    expect(w.log).toEqual([]);
  });

  test('--download-only pulls with the label too', async () => {
    const w = privateWorld({ 'io.containers.autoupdate.authfile': AUTH });
    const report = await runUpdate(w.ports(), { ...apply, mode: 'download-only' });
    expect(report.downloads).toEqual([expect.objectContaining({ ok: true })]);
    expect(w.log).toEqual([`pull ${REPO}@${dig('b')} --authfile ${AUTH}`]);
  });

  test('a run killed before its pull was recorded is finished with the auth file recorded in its intent', async () => {
    const w = privateWorld({ 'io.containers.autoupdate.authfile': AUTH });
    w.crashAt = 'record-pulled';
    await expect(runUpdate(w.ports(), apply)).rejects.toThrow(/CRASH/);
    w.images.delete(hex('b')); // the pull never completed: nothing of it in local storage
    w.units.get('web.service')!.labels = { 'io.quadctl.policy': 'digest' }; // recovery must not depend on the label still being there
    const report = await runUpdate(w.ports(), apply);
    expect(report.recovery[0].outcome).toMatchObject({ result: 'updated' });
    expect(w.log.filter((l) => l.startsWith('pull'))).toEqual([`pull ${REPO}@${dig('b')} --authfile ${AUTH}`, `pull ${REPO}@${dig('b')} --authfile ${AUTH}`]);
  });
});
