// quadctl update beside `podman auto-update` (4.3.1) on the same kind of unit, in
// one sandbox: time from start to healthy on the new image, and what each does
// with an image that exits at once. Only quadctl's behaviour is asserted; what
// Podman does is measured and printed (the closing note of issue 7 quotes it).
import { describeE2E, IMAGES, type Sandbox, useSandbox } from '../harness';
import { containerUnit, installUnit, q } from './update-support';

interface Timing {
  tool: string;
  toolExit: number;
  /** Until the tool itself returned. */
  toolMs: number;
  /** Until the unit's container ran the new digest and its healthcheck passed. */
  healthyMs: number | null;
}

async function digestOf(sb: Sandbox, name: string): Promise<string> {
  const r = await sb.exec(`podman image inspect --format '{{.Digest}}' $(podman container inspect --format '{{.Image}}' ${q(name)} 2>/dev/null) 2>/dev/null`);
  return r.stdout.trim();
}

/** Runs the tool and, alongside, polls until the unit is healthy on `digest`. */
async function timeToHealthy(sb: Sandbox, tool: string, command: string, name: string, digest: string): Promise<Timing> {
  const t0 = Date.now();
  let healthyMs: number | null = null;
  let done = false;
  const poll = (async () => {
    while (!done || healthyMs === null) {
      if (Date.now() - t0 > 120_000) return;
      if ((await digestOf(sb, name)) === digest && (await sb.exec(`podman healthcheck run ${q(name)}`)).code === 0) {
        healthyMs = Date.now() - t0;
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const r = await sb.exec(command, { timeoutMs: 300_000 });
  const toolMs = Date.now() - t0;
  done = true;
  await poll;
  return { tool, toolExit: r.code, toolMs, healthyMs };
}

describeE2E('quadctl update beside podman auto-update', () => {
  let sb: Sandbox;
  const units = {
    podman: { 'io.containers.autoupdate': 'registry' },
    quadctl: { 'io.quadctl.policy': 'digest', 'io.quadctl.settle': '5s', 'io.quadctl.health-timeout': '20s' },
  };

  useSandbox({ registry: true }, async (started) => {
    sb = started;
    for (const [who, labels] of Object.entries(units)) {
      const ref = sb.imageRef(`cmp/${who}`, '1.0.0');
      await sb.pushImage(`cmp/${who}`, '1.0.0', IMAGES.web(`${who}-1`));
      await sb.check(`podman pull -q ${q(ref)}`);
      await installUnit(sb, `cmp-${who}.service`, containerUnit(ref, labels));
    }
  }, 240_000);

  test('a new digest: both end healthy on it; time to healthy measured for each', async () => {
    const timings: Timing[] = [];
    for (const who of ['podman', 'quadctl'] as const) {
      const digest = await sb.pushImage(`cmp/${who}`, '1.0.0', IMAGES.web(`${who}-2`));
      const command = who === 'podman' ? 'podman auto-update' : `cd ${q(sb.root)} && node bin/quadctl update --unit cmp-quadctl`;
      timings.push(await timeToHealthy(sb, who, command, `cmp-${who}`, digest));
    }
    console.log(`update-vs-podman new digest: ${JSON.stringify(timings)}`);
    const quadctl = timings.find((t) => t.tool === 'quadctl');
    expect(quadctl).toMatchObject({ toolExit: 0, healthyMs: expect.any(Number) });
  }, 300_000);

  test('an image that exits at once: quadctl rolls back and exits 3; what podman does is recorded', async () => {
    const before = { podman: await digestOf(sb, 'cmp-podman'), quadctl: await digestOf(sb, 'cmp-quadctl') };
    await sb.pushImage('cmp/podman', '1.0.0', IMAGES.exitsAtOnce);
    await sb.pushImage('cmp/quadctl', '1.0.0', IMAGES.exitsAtOnce);

    const t0 = Date.now();
    const pa = await sb.exec('podman auto-update', { timeoutMs: 300_000 });
    const podmanMs = Date.now() - t0;
    await new Promise((r) => setTimeout(r, 5000));
    const podmanAfter = {
      exit: pa.code,
      ms: podmanMs,
      output: (pa.stdout + pa.stderr).trim().split('\n').slice(-4),
      unit: (await sb.exec('systemctl is-active cmp-podman.service')).stdout.trim(),
      onPreviousDigest: (await digestOf(sb, 'cmp-podman')) === before.podman,
    };

    const t1 = Date.now();
    const qa = await sb.quadctl(['update', '--unit', 'cmp-quadctl']);
    const quadctlMs = Date.now() - t1;
    await new Promise((r) => setTimeout(r, 5000));
    const quadctlAfter = {
      exit: qa.code,
      ms: quadctlMs,
      unit: (await sb.exec('systemctl is-active cmp-quadctl.service')).stdout.trim(),
      onPreviousDigest: (await digestOf(sb, 'cmp-quadctl')) === before.quadctl,
    };
    console.log(`update-vs-podman broken image: ${JSON.stringify({ podman: podmanAfter, quadctl: quadctlAfter })}`);
    expect(quadctlAfter).toMatchObject({ exit: 3, unit: 'active', onPreviousDigest: true });
  }, 300_000);
});
