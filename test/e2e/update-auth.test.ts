// quadctl update on a registry that wants credentials (htpasswd, the harness's
// auth registry), found only through the container's
// io.containers.autoupdate.authfile label: the registry check and the pull both
// use it; an identical unit without the label is refused. Also: the history is
// rotated to the configured size after a run.
import { describeE2E, IMAGES, type Sandbox, expectExit, useSandbox } from '../harness';
import { containerUnit, history, installUnit, q, running } from './update-support';
import { parseJsonOutput } from '../json-output';

const SETTLE = { 'io.quadctl.settle': '3s', 'io.quadctl.health-timeout': '20s' };
// Off Podman's and quadctl's search path (REGISTRY_AUTH_FILE, /run/containers/0, ~/.config/containers, ~/.docker).
const AUTH_FILE = '/etc/quadctl-e2e/private-registry.json';

describeE2E('quadctl update with per-container credentials', () => {
  let sb: Sandbox;

  useSandbox({ registry: false, authRegistry: true }, async (started) => {
    sb = started;
    const { host, username, password } = sb.authRegistry;
    await sb.writeFile(AUTH_FILE, JSON.stringify({ auths: { [host]: { auth: Buffer.from(`${username}:${password}`).toString('base64') } } }), 0o600);
  });

  test('finds and pulls the new digest only thanks to the auth file label', async () => {
    const ref = sb.imageRef('e2e/private', '1.0.0', 'auth');
    const first = await sb.pushImage('e2e/private', '1.0.0', { ...IMAGES.web('first'), registry: 'auth' });
    await sb.check(`podman pull -q --authfile ${q(AUTH_FILE)} ${q(ref)}`);
    // No credentials anywhere Podman looks by default.
    expect((await sb.exec(`podman pull -q ${q(ref)}`)).code).not.toBe(0);
    const policy = { 'io.quadctl.policy': 'digest', 'io.containers.autoupdate': 'registry', ...SETTLE };
    await installUnit(sb, 'private.service', containerUnit(ref, { ...policy, 'io.containers.autoupdate.authfile': AUTH_FILE }));
    await installUnit(sb, 'nolabel.service', containerUnit(ref, policy));
    expect(await running(sb, 'private.service')).toMatchObject({ digest: first, page: 'first' });

    const second = await sb.pushImage('e2e/private', '1.0.0', { ...IMAGES.web('second'), registry: 'auth' });
    const dry = await sb.quadctl(['update', '--dry-run', '--json']);
    const plan = (parseJsonOutput<{ plan: { unit: string; action: string; reason: string; candidate: { digest: string } | null }[] }>('update', dry.stdout)).plan;
    expect(plan.find((r) => r.unit === 'private.service')).toMatchObject({ action: 'update', candidate: { digest: second } });
    expect(plan.find((r) => r.unit === 'nolabel.service')).toMatchObject({ action: 'skip', reason: expect.stringMatching(/registry error: .*no credentials for localhost:5001/) });
    // Podman's own auto-update reads the same label and sees the same new image (nolabel
    // fails there too; Podman 5 then exits 125, 4.3.1 exits 0).
    const podman = await sb.exec('podman auto-update --dry-run --format "{{.Unit}} {{.Updated}}"');
    expect(podman.stdout).toMatch(/^private\.service pending$/m);

    // The pull can only succeed with the label's file: nothing else holds credentials for the registry.
    const r = await sb.quadctl(['update', '--unit', 'private']);
    expectExit(r, 0);
    await sb.waitForUnit('private.service', 'active');
    expect(await running(sb, 'private.service')).toMatchObject({ imageName: ref, digest: second, page: 'second' });
    const [entry] = await history(sb, 'private');
    expect(entry).toMatchObject({ result: 'updated', from: { digest: first }, to: { digest: second } });
    expect(entry.steps.map((s) => s.step)).toEqual(['pulled', 'switched', 'restarted', 'verified']);
    expect(await running(sb, 'nolabel.service')).toMatchObject({ digest: first });
  }, 240_000);

  test("QUADCTL_HISTORY_KEEP bounds the history after a run: older entries go, each unit's last update stays", async () => {
    const ref = sb.imageRef('e2e/rotated', '1.0.0', 'auth');
    await sb.pushImage('e2e/rotated', '1.0.0', { ...IMAGES.web('r1'), registry: 'auth' });
    await sb.check(`podman pull -q --authfile ${q(AUTH_FILE)} ${q(ref)}`);
    await installUnit(sb, 'rotated.service', containerUnit(ref, { 'io.quadctl.policy': 'digest', 'io.containers.autoupdate.authfile': AUTH_FILE, ...SETTLE }));
    for (const page of ['r2', 'r3']) {
      await sb.pushImage('e2e/rotated', '1.0.0', { ...IMAGES.web(page), registry: 'auth' });
      const r = await sb.quadctl(['update', '--unit', 'rotated'], { env: { QUADCTL_HISTORY_KEEP: '1' } });
      expectExit(r, 0);
      await sb.waitForUnit('rotated.service', 'active');
    }
    const all = parseJsonOutput<{ entries: { unit: string; result: string; to: { digest: string } }[] }>('history', (await sb.quadctl(['history', '--json'])).stdout).entries;
    // rotated's first update (to r2) is dropped; its second is the newest entry. private's update,
    // older than the limit allows, stays: it is what `quadctl rollback private` would undo.
    expect(all.map((e) => [e.unit, e.result])).toEqual([['private.service', 'updated'], ['rotated.service', 'updated']]);
    expect(all[1].to.digest).toBe((await running(sb, 'rotated.service')).digest);
    expect(await running(sb, 'rotated.service')).toMatchObject({ page: 'r3' });
  }, 240_000);
});
