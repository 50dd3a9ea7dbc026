// Fault injection against the real sandbox (systemd, Podman, a registry): each
// fault ends with the service running an image that passed its health gate (or
// the one it ran before), a clear message, and the documented exit code.
//   - a probe that hangs, and a podman that hangs in `healthcheck run`
//   - the state directory's disk filling up mid-update
//   - a registry that stalls during the pull, and one that answers garbage
//   - history privacy with a secret in a failing unit's journal; corrupt lines
//   - kill -9 at a step, then --download-only (which must not restart)
//   - bad arguments and labels
import { join } from 'node:path';
import { CHECKOUT, describeE2E, IMAGES, type ImageSpec, type Sandbox, expectExit, useSandbox } from '../harness';
import { containerUnit, history, installUnit, q, running, waitFor } from './update-support';
import { parseJsonOutput } from '../json-output';

const SETTLE = { 'io.quadctl.settle': '3s' };
const STATE = '/var/lib/quadctl';
const FAULT_PORT = 5050;

/** A web image whose /bin/probe (an exec: probe) does `probe`. */
function webWithProbe(version: string, probe: string): ImageSpec {
  const web = IMAGES.web(version);
  return { ...web, files: { ...web.files, 'bin/probe': `#!/bin/sh\n${probe}\n` }, marker: `${version} probe ${probe}` };
}

describeE2E('quadctl under faults', () => {
  let sb: Sandbox;

  useSandbox({ registry: true }, (started) => {
    sb = started;
  });

  /** unit NAME on REF:1.0.0 running `first`; `second` pushed under the same tag. */
  async function setup(name: string, labels: Record<string, string>, first: ImageSpec, second: ImageSpec): Promise<{ ref: string; firstDigest: string; secondDigest: string }> {
    const ref = sb.imageRef(`faults/${name}`, '1.0.0');
    const firstDigest = await sb.pushImage(`faults/${name}`, '1.0.0', first);
    await sb.check(`podman pull -q ${q(ref)}`);
    await installUnit(sb, `${name}.service`, containerUnit(ref, { 'io.quadctl.policy': 'digest', ...SETTLE, ...labels }));
    const secondDigest = await sb.pushImage(`faults/${name}`, '1.0.0', second);
    return { ref, firstDigest, secondDigest };
  }

  test('a probe that hangs fails at the health timeout (never passes), its exec session is ended, and the unit rolls back', async () => {
    const { firstDigest } = await setup(
      'hungprobe',
      { 'io.quadctl.probe': 'exec:/bin/probe', 'io.quadctl.health-timeout': '5s' },
      webWithProbe('hungprobe-good', 'exit 0'),
      webWithProbe('hungprobe-hangs', 'sleep 100'),
    );
    const r = await sb.quadctl(['update', '--unit', 'hungprobe']);
    expect({ code: r.code, out: r.stdout }).toMatchObject({ code: 3, out: expect.stringMatching(/probe exec:\/bin\/probe failed: timed out/) });
    await sb.waitForUnit('hungprobe.service', 'active');
    expect(await running(sb, 'hungprobe.service')).toMatchObject({ digest: firstDigest, page: 'hungprobe-good' });
  }, 240_000);

  test('a probe that hangs on the previous image too: the unit is left running it, exit 1, and no hung probe is left in its container', async () => {
    const { firstDigest } = await setup(
      'hungboth',
      { 'io.quadctl.probe': 'exec:/bin/probe', 'io.quadctl.health-timeout': '4s' },
      webWithProbe('hungboth-1', 'sleep 100'),
      webWithProbe('hungboth-2', 'sleep 100'),
    );
    const r = await sb.quadctl(['update', '--unit', 'hungboth']);
    expect({ code: r.code, out: r.stdout }).toMatchObject({ code: 1, out: expect.stringMatching(/the rollback did not come up either: probe exec:\/bin\/probe failed: timed out/) });
    await sb.waitForUnit('hungboth.service', 'active');
    expect(await running(sb, 'hungboth.service')).toMatchObject({ digest: firstDigest });
    // The container still runs: a probe quadctl gave up on would still be there, had its exec session not been ended.
    expect((await sb.exec('podman top hungboth args')).stdout).not.toMatch(/sleep 100/);
  }, 240_000);

  test('a podman that hangs in `healthcheck run` (ignoring SIGTERM) fails the gate at its timeout; the rollback then passes', async () => {
    const { firstDigest } = await setup('hunghc', { 'io.quadctl.health-timeout': '6s' }, IMAGES.web('hunghc-1'), IMAGES.web('hunghc-2'));
    const podman = (await sb.check('command -v podman')).trim();
    // Only the first healthcheck hangs: the new image's; the rollback's passes through.
    await sb.writeFile(
      '/tmp/hangbin/podman',
      `#!/bin/sh\nif [ "$1" = healthcheck ] && mkdir /tmp/hangbin/once 2>/dev/null; then trap '' TERM; exec sleep 1000; fi\nexec ${podman} "$@"\n`,
      0o755,
    );
    const r = await sb.quadctl(['update', '--unit', 'hunghc'], { env: { PATH: `/tmp/hangbin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin` } });
    expect({ code: r.code, out: r.stdout }).toMatchObject({ code: 3, out: expect.stringMatching(/podman healthcheck failed: podman healthcheck run: no result within/) });
    await sb.waitForUnit('hunghc.service', 'active');
    expect(await running(sb, 'hunghc.service')).toMatchObject({ digest: firstDigest });
    expect((await sb.exec('pgrep -f "^sleep 1000$"')).stdout.trim()).toBe('');
  }, 240_000);

  test('the state directory fills up mid-update: the previous image is back and running first, then exit 1 naming the cause; no torn record', async () => {
    // The candidate has no healthcheck, so its gate is the whole 8 s window: time to fill the disk.
    const { firstDigest } = await setup('fulldisk', { 'io.quadctl.settle': '8s' }, IMAGES.web('fulldisk-1'), { ...IMAGES.idle, marker: 'fulldisk-2' });
    await sb.check('mkdir -p /run/qfull && mount -t tmpfs -o size=512k tmpfs /run/qfull && mkdir /run/qfull/state');
    const env = { QUADCTL_STATE_DIR: '/run/qfull/state' };
    const run = sb.quadctl(['update', '--unit', 'fulldisk'], { env });
    // Fill the disk once the switch is recorded, while the new image settles. tmpfs
    // hands out whole pages, so first pad the log (with a valid record) to 40 bytes
    // short of a page: the next record then starts in the last free bytes and
    // runs out of space part-way through.
    const log = '/run/qfull/state/history.jsonl';
    await waitFor('the switch to be recorded', async () => (await sb.exec(`grep -c '"step":"switched"' ${log}`)).stdout.trim() === '1');
    const size = Number((await sb.check(`stat -c %s ${log}`)).trim());
    const bare = JSON.stringify({ v: 1, type: 'skip', txn: 'padding', at: 0, unit: 'padding.service', container: 'padding', image: 'x', policy: 'digest', trigger: 'manual', reason: '' });
    const room = 4096 - (size % 4096) - 40 - bare.length - 1;
    await sb.writeFile('/tmp/pad.jsonl', `${bare.replace('"reason":""', `"reason":"${'p'.repeat(room + (room < 0 ? 4096 : 0))}"`)}\n`);
    await sb.check(`cat /tmp/pad.jsonl >> ${log} && dd if=/dev/zero of=/run/qfull/fill bs=4k 2>/dev/null; test "$(($(stat -c %s ${log}) % 4096))" = 4056`);
    const r = await run;
    expect({ code: r.code, out: r.stdout + r.stderr }).toMatchObject({ code: 1, out: expect.stringMatching(/the history is incomplete: cannot write \/run\/qfull\/state\/history.jsonl: the file system is full \(ENOSPC\)/) });
    expect(r.stdout).toMatch(/rolled-back/);
    await sb.waitForUnit('fulldisk.service', 'active');
    expect(await running(sb, 'fulldisk.service')).toMatchObject({ digest: firstDigest, page: 'fulldisk-1' });
    const lines = (await sb.readFile('/run/qfull/state/history.jsonl')).split('\n').filter(Boolean);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect((await sb.exec('test -e /run/qfull/state/update.lock')).code).not.toBe(0);

    // With space again, the next run finishes the unfinished record; the unit stays on a verified image.
    await sb.check('rm /run/qfull/fill');
    const next = await sb.quadctl(['update', '--unit', 'fulldisk'], { env });
    expect([0, 3]).toContain(next.code);
    const entries = await sb.quadctl(['history', '--unit', 'fulldisk', '--json'], { env });
    expect(parseJsonOutput<{ entries: { result: string }[] }>('history', entries.stdout).entries.map((e) => e.result)).not.toContain('interrupted');
    await sb.waitForUnit('fulldisk.service', 'active');
    await sb.check('umount /run/qfull');
  }, 300_000);

  describe('a registry that turns bad', () => {
    beforeAll(async () => {
      await sb.writeFile('/etc/containers/registries.conf.d/60-faults.conf', `[[registry]]\nlocation = "localhost:${FAULT_PORT}"\ninsecure = true\n`);
      const script = join(CHECKOUT, 'test/e2e/support/fault-registry.cjs');
      await sb.check(`setsid node ${q(script)} ${FAULT_PORT} /tmp/fault-mode >/tmp/fault-registry.log 2>&1 </dev/null &`);
      await waitFor('the fault registry', async () => (await sb.exec('cat /tmp/fault-registry.log')).stdout.includes('listening'));
    }, 60_000);

    test('stalls in the pull: stopped by --pull-timeout and by --deadline, nothing changed, the lock released', async () => {
      const first = await sb.pushImage('faults/stall', '1.0.0', IMAGES.web('stall-1'));
      const ref = `localhost:${FAULT_PORT}/faults/stall:1.0.0`;
      await sb.check(`podman pull -q ${q(ref)}`);
      await installUnit(sb, 'stall.service', containerUnit(ref, { 'io.quadctl.policy': 'digest', ...SETTLE }));
      await sb.pushImage('faults/stall', '1.0.0', IMAGES.web('stall-2'));
      await sb.writeFile('/tmp/fault-mode', 'stall\n');

      const stalled = await sb.quadctl(['update', '--unit', 'stall', '--pull-timeout', '3']);
      expect({ code: stalled.code, out: stalled.stdout }).toMatchObject({ code: 1, out: expect.stringMatching(/pull failed, nothing changed: the pull of \S+ stopped: the registry sent nothing for 3 s \(--pull-timeout 3\)/) });
      expect((await sb.exec(`test -e ${STATE}/update.lock`)).code).not.toBe(0);

      // Stopped mid-pull by the deadline (or, on a slow machine, not started once it has passed).
      const late = await sb.quadctl(['update', '--unit', 'stall', '--pull-timeout', '600', '--deadline', '12']);
      expect({ code: late.code, out: late.stdout }).toMatchObject({ code: 1, out: expect.stringMatching(/the run's deadline \(--deadline 12\) (has )?passed/) });
      expect((await sb.exec('pgrep -f "podman pull"')).stdout.trim()).toBe('');
      await sb.waitForUnit('stall.service', 'active');
      expect(await running(sb, 'stall.service')).toMatchObject({ digest: first, page: 'stall-1' });
    }, 240_000);

    test('answers garbage for manifests: a registry error for that unit, exit 1, no stack trace, nothing changed', async () => {
      await sb.writeFile('/tmp/fault-mode', 'garbage\n');
      const r = await sb.quadctl(['update', '--unit', 'stall']);
      expectExit(r, 1);
      expect(r.stdout).toMatch(/stall\.service.*registry error/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect((await sb.exec('systemctl is-active stall.service')).stdout.trim()).toBe('active');
      await sb.writeFile('/tmp/fault-mode', 'pass\n');
    }, 120_000);
  });

  test('history privacy: a secret from a failing unit reaches only those who may read its journal; corrupt lines are skipped', async () => {
    const secret: ImageSpec = { cmd: ['/bin/sh', '-c', 'echo "db password=hunter2-$$"; exit 1'], marker: 'leaks a secret' };
    await setup('secret', {}, IMAGES.web('secret-1'), secret);
    // A log from an older quadctl: wide modes, a record cut in half mid-file, and a torn last line.
    await sb.check(`mkdir -p ${STATE} && touch ${STATE}/history.jsonl && chmod 755 ${STATE} && chmod 644 ${STATE}/history.jsonl`);
    await sb.check(`printf '%s\\n%s' '{"v":1,"type":"sk' '{"v":1,"ty' >> ${STATE}/history.jsonl`);
    const r = await sb.quadctl(['update', '--unit', 'secret']);
    expectExit(r, 3);
    const [entry] = await history(sb, 'secret');
    expect(entry).toMatchObject({ result: 'rolled-back' });
    expect((entry.journal ?? []).join('\n')).toMatch(/password=hunter2/);
    expect((await sb.check(`stat -c '%a' ${STATE} ${STATE}/history.jsonl`)).trim().split('\n')).toEqual(['700', '600']);
    const asNobody = await sb.exec(`setpriv --reuid=65534 --regid=65534 --clear-groups cat ${STATE}/history.jsonl`);
    expect({ code: asNobody.code, out: asNobody.stdout }).toMatchObject({ code: 1, out: '' });
    expect(asNobody.stderr).toMatch(/Permission denied/);
    const shown = await sb.quadctl(['history', '--unit', 'secret']);
    expect(shown.stderr).toMatch(/skipped an unreadable record/);
  }, 240_000);

  test('kill -9 after the switch, then --download-only: it does not restart the unit; the next full run finishes', async () => {
    const { secondDigest } = await setup('dlonly', {}, IMAGES.web('dlonly-1'), IMAGES.web('dlonly-2'));
    const pid = Number(
      (await sb.check(`cd ${q(sb.root)}; QUADCTL_PAUSE_AFTER_STEP=switched setsid node bin/quadctl update --unit dlonly >/tmp/dl.log 2>&1 </dev/null & echo $!`)).trim(),
    );
    await waitFor('the switch to be recorded', async () => (await sb.exec('cat /tmp/dl.log')).stdout.includes('paused after step switched'));
    await sb.check(`kill -9 ${pid}`);
    const invocation = (await sb.check('systemctl show -P InvocationID dlonly.service')).trim();
    const dl = await sb.quadctl(['update', '--download-only', '--unit', 'dlonly']);
    expect({ code: dl.code, out: dl.stdout }).toMatchObject({ code: 0, out: expect.stringMatching(/not done: --download-only restarts nothing/) });
    expect((await sb.check('systemctl show -P InvocationID dlonly.service')).trim()).toBe(invocation);
    const full = await sb.quadctl(['update', '--unit', 'dlonly']);
    expectExit(full, 0);
    await sb.waitForUnit('dlonly.service', 'active');
    expect(await running(sb, 'dlonly.service')).toMatchObject({ digest: secondDigest });
  }, 240_000);

  test('bad arguments and labels: exit 2 (no lock left behind) or 1 for that container while the others update', async () => {
    const rb = await sb.quadctl(['rollback', 'dlonly', '--to', 'no-such-entry']);
    expect({ code: rb.code, err: rb.stderr }).toMatchObject({ code: 2, err: expect.stringMatching(/rollback: /) });
    expect((await sb.exec(`test -e ${STATE}/update.lock`)).code).not.toBe(0);
    const nosuch = await sb.quadctl(['update', '--unit', 'nosuch']);
    expect({ code: nosuch.code, err: nosuch.stderr }).toMatchObject({ code: 2, err: expect.stringMatching(/no container is run by nosuch\.service/) });
    const wait = await sb.quadctl(['update', '--wait', 'abc']);
    expect({ code: wait.code, err: wait.stderr }).toMatchObject({ code: 2, err: expect.stringMatching(/--wait must be a number of seconds, not "abc"/) });

    const { secondDigest } = await setup('goodlabel', {}, IMAGES.web('goodlabel-1'), IMAGES.web('goodlabel-2'));
    const ref = sb.imageRef('faults/badlabel', '1.0.0');
    await sb.pushImage('faults/badlabel', '1.0.0', IMAGES.web('badlabel-1'));
    await sb.check(`podman pull -q ${q(ref)}`);
    await installUnit(sb, 'badlabel.service', containerUnit(ref, { 'io.containers.autoupdate': 'bogus' }));
    const r = await sb.quadctl(['update', '--unit', 'goodlabel', '--unit', 'badlabel']);
    expect({ code: r.code, out: r.stdout }).toMatchObject({ code: 1, out: expect.stringMatching(/io.containers.autoupdate="bogus" is not a valid auto-update policy/) });
    await sb.waitForUnit('goodlabel.service', 'active');
    expect(await running(sb, 'goodlabel.service')).toMatchObject({ digest: secondDigest });
  }, 240_000);
});
