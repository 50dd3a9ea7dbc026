// quadctl update when things go wrong around it, on real systemd/Podman/registry:
// kill -9 mid-transaction, a second run while one holds the lock, and the timer.
import { describeE2E, IMAGES, type ImageSpec, type Sandbox, expectExit, useSandbox } from '../harness';
import { containerUnit, history, installUnit, q, running, waitFor } from './update-support';

const SETTLE = { 'io.quadctl.settle': '3s', 'io.quadctl.health-timeout': '20s' };

/** Starts `quadctl update …` in the background inside; resolves to its PID. */
async function background(sb: Sandbox, args: string, env = ''): Promise<number> {
  const out = await sb.check(`cd ${q(sb.root)}; ${env} setsid node bin/quadctl update ${args} >/tmp/bg.log 2>&1 </dev/null & echo $!`);
  return Number(out.trim());
}

describeE2E('quadctl update: crashes, lock, timer', () => {
  let sb: Sandbox;

  useSandbox({ registry: true }, (started) => {
    sb = started;
  });

  async function setup(name: string, labels: Record<string, string> = {}, next: ImageSpec = IMAGES.web(`${name}-2`)): Promise<{ ref: string; first: string; second: string }> {
    const ref = sb.imageRef(`e2e/${name}`, '1.0.0');
    const first = await sb.pushImage(`e2e/${name}`, '1.0.0', IMAGES.web(`${name}-1`));
    await sb.check(`podman pull -q ${q(ref)}`);
    await installUnit(sb, `${name}.service`, containerUnit(ref, { 'io.quadctl.policy': 'digest', ...SETTLE, ...labels }));
    const second = await sb.pushImage(`e2e/${name}`, '1.0.0', next);
    return { ref, first, second };
  }

  test('kill -9 right after the pull: the next run finishes the update (and takes over the dead lock)', async () => {
    const { second } = await setup('crashpull');
    const pid = await background(sb, '--unit crashpull', 'QUADCTL_PAUSE_AFTER_STEP=pulled');
    await waitFor('the pull to be recorded', async () => (await sb.exec('cat /tmp/bg.log')).stdout.includes('paused after step pulled'));
    await sb.check(`kill -9 ${pid}`);
    expect((await history(sb, 'crashpull'))[0]).toMatchObject({ result: 'interrupted' });

    const status = await sb.quadctl(['update', '--dry-run', '--unit', 'crashpull']);
    expect(status.stdout).toMatch(/interrupted after pulled: switch and continue/);

    const r = await sb.quadctl(['update', '--unit', 'crashpull']);
    expect({ code: r.code, err: r.stderr }).toMatchObject({ code: 0, err: expect.stringMatching(/took over the lock of pid \d+/) });
    const entries = await history(sb, 'crashpull');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ result: 'updated', to: { digest: second } });
    expect(entries[0].steps.map((s) => s.step)).toContain('recovering');
    await sb.waitForUnit('crashpull.service', 'active');
    expect(await running(sb, 'crashpull.service')).toMatchObject({ digest: second });
  }, 240_000);

  test('kill -9 after the restart, before the verdict: the next run judges again and commits', async () => {
    // No healthcheck: the gate has no evidence to end on, so the 30 s window is the verdict still pending.
    const { second } = await setup('crashrestart', { 'io.quadctl.settle': '30s' }, { ...IMAGES.idle, marker: 'crashrestart-2' });
    const pid = await background(sb, '--unit crashrestart');
    // The restart has happened once the unit's container runs the new image; the 30 s verdict is pending.
    await waitFor('the restart onto the new image', async () => {
      const r = await sb.exec("podman image inspect --format '{{.Digest}}' $(podman container inspect --format '{{.Image}}' crashrestart 2>/dev/null) 2>/dev/null");
      return r.stdout.trim() === second;
    });
    await sb.check(`kill -9 ${pid}`);
    const [interrupted] = await history(sb, 'crashrestart');
    expect(interrupted.result).toBe('interrupted');
    expect(interrupted.steps.map((s) => s.step)).toEqual(['pulled', 'switched']);

    const r = await sb.quadctl(['update', '--unit', 'crashrestart']);
    expectExit(r, 0);
    const [entry] = await history(sb, 'crashrestart');
    expect(entry).toMatchObject({ result: 'updated', to: { digest: second } });
    await sb.waitForUnit('crashrestart.service', 'active');
    expect(await running(sb, 'crashrestart.service')).toMatchObject({ digest: second });
  }, 240_000);

  test('kill -9 in the middle of a rollback: the next run finishes the rollback', async () => {
    const ref = sb.imageRef('e2e/crashrb', '1.0.0');
    const good = await sb.pushImage('e2e/crashrb', '1.0.0', IMAGES.web('crashrb-good'));
    await sb.check(`podman pull -q ${q(ref)}`);
    await installUnit(sb, 'crashrb.service', containerUnit(ref, { 'io.quadctl.policy': 'digest', ...SETTLE }));
    await sb.pushImage('e2e/crashrb', '1.0.0', IMAGES.exitsAtOnce);
    const pid = await background(sb, '--unit crashrb', 'QUADCTL_PAUSE_AFTER_STEP=rollback-started');
    await waitFor('the rollback to start', async () => (await sb.exec('cat /tmp/bg.log')).stdout.includes('paused after step rollback-started'));
    await sb.check(`kill -9 ${pid}`);
    // Killed with the broken image switched in: the unit is down or failing now.
    expect((await history(sb, 'crashrb'))[0]).toMatchObject({ result: 'interrupted' });

    const r = await sb.quadctl(['update', '--unit', 'crashrb']);
    expect({ code: r.code, out: r.stdout }).toMatchObject({ code: 3, out: expect.stringMatching(/interrupted while rolling back/) });
    const [entry] = await history(sb, 'crashrb');
    expect(entry).toMatchObject({ result: 'rolled-back', from: { digest: good } });
    await sb.waitForUnit('crashrb.service', 'active');
    expect(await running(sb, 'crashrb.service')).toMatchObject({ digest: good, page: 'crashrb-good' });
  }, 240_000);

  test('rollback by hand of a unit that is down: back on the image before its last update', async () => {
    const { first, second } = await setup('downrb');
    expect((await sb.quadctl(['update', '--unit', 'downrb'])).code).toBe(0);
    expect(await running(sb, 'downrb.service')).toMatchObject({ digest: second });
    await sb.check('systemctl stop downrb.service');

    const r = await sb.quadctl(['rollback', 'downrb']);
    expect({ code: r.code, err: r.stderr }).toMatchObject({ code: 0, err: expect.stringMatching(/no running container; going from its last recorded image/) });
    await sb.waitForUnit('downrb.service', 'active');
    expect(await running(sb, 'downrb.service')).toMatchObject({ digest: first, page: 'downrb-1' });
    const table = (await sb.quadctl(['history', '--unit', 'downrb'])).stdout;
    expect(table).toMatch(/rolled-back \(by hand\)/);
  }, 240_000);

  test('a second run while one holds the lock exits 4 with who holds it', async () => {
    await setup('locked', { 'io.quadctl.settle': '3s' });
    const pid = await background(sb, '--unit locked', 'QUADCTL_PAUSE_AFTER_STEP=pulled');
    await waitFor('the first run to hold the lock', async () => (await sb.exec('cat /tmp/bg.log')).stdout.includes('paused after step pulled'));
    const r = await sb.quadctl(['update', '--unit', 'locked']);
    expectExit(r, 4);
    expect(r.stderr).toMatch(new RegExp(`another quadctl update is running \\(pid ${pid}`));
    await sb.check(`kill -9 ${pid}`);
    expect((await sb.quadctl(['update', '--unit', 'locked'])).code).toBe(0);
  }, 240_000);

  test('timer: `quadctl timer enable`, then the service runs the update; opted-out units are left for manual runs', async () => {
    const { second } = await setup('timed');
    const opted = await setup('optout', { 'io.quadctl.timer': 'false' });
    const en = await sb.quadctl(['timer', 'enable', '--on-calendar', 'daily']);
    expectExit(en, 0);
    await sb.check('systemctl start quadctl-update.service');
    expect((await history(sb, 'timed'))[0]).toMatchObject({ result: 'updated', to: { digest: second } });
    expect(await running(sb, 'timed.service')).toMatchObject({ digest: second });
    expect(await history(sb, 'optout')).toEqual([]);
    expect((await sb.exec('journalctl -u quadctl-update.service --no-pager')).stdout).toMatch(/opted out of timer runs/);

    expect((await sb.quadctl(['update', '--unit', 'optout'])).code).toBe(0);
    expect(await running(sb, 'optout.service')).toMatchObject({ digest: opted.second });
  }, 300_000);
});
