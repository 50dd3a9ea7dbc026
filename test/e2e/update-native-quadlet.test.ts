// quadctl update and rollback on units written by the system's OWN Quadlet (Podman 5.4's
// cid-file units, 5.8's name-based units): a `.container` in /etc/containers/systemd with
// AutoUpdate=registry, one with Notify=healthy and a HealthCmd, and a rootless one in a
// user's ~/.config/containers/systemd under user@UID.service (pasta networking).
// Podman 4.3.1 (bookworm) has no Quadlet: there every test is skipped with that reason.
import { currentSystem, IMAGES, startSandbox, testOn, describeE2E, type ExecResult, type ImageSpec, type Sandbox, expectExit } from '../harness';
import { history, q } from './update-support';
import { parseJsonOutput } from '../json-output';

const QUADLET: Parameters<typeof testOn>[0] = ['trixie', 'forky'];
const NO_QUADLET = 'Podman 4.3.1 has no Quadlet';
const quadletTest = testOn(QUADLET, NO_QUADLET);

/** httpd serving `version`, healthy (for HealthCmd=test -f /www/healthy) unless `healthy` is false. */
function served(version: string, healthy = true): ImageSpec {
  const web = IMAGES.web(version);
  return { ...web, healthcheck: ['NONE'], files: { ...web.files, ...(healthy ? { 'www/healthy': 'ok\n' } : {}) }, marker: `native ${version} ${healthy}` };
}

async function page(sb: Sandbox, container: string): Promise<string> {
  return (await sb.check(`podman exec ${q(container)} cat /www/index.html`)).trim();
}

async function installQuadlet(sb: Sandbox, file: string, text: string, unit: string): Promise<void> {
  await sb.writeFile(`/etc/containers/systemd/${file}`, text);
  await sb.check('systemctl daemon-reload');
  await sb.check(`systemctl start ${q(unit)}`, { timeoutMs: 120_000 });
  await sb.waitForUnit(unit, 'active', 60_000);
}

describeE2E("update and rollback of units written by the system's own Quadlet", () => {
  let sb: Sandbox;
  const digests: Record<string, string> = {};

  beforeAll(async () => {
    if (!QUADLET.includes(currentSystem().name)) return;
    sb = await startSandbox({ registry: true });
  }, 180_000);
  afterAll(async () => {
    await sb?.stop();
  });

  quadletTest('a .container with AutoUpdate=registry: update onto the new digest, then rollback', async () => {
    digests.web1 = await sb.pushImage('native/web', '1', served('1.0'));
    await installQuadlet(
      sb,
      'web.container',
      `[Container]
Image=${sb.imageRef('native/web', '1')}
ContainerName=web
AutoUpdate=registry
Label=io.quadctl.settle=3s
`,
      'web.service',
    );
    // The unit is Quadlet's own: 5.4 tracks the container by cid file, 5.8 by name.
    const execStart = await sb.check('systemctl show -P ExecStart web.service');
    expect(execStart.includes('--cidfile=')).toBe(sb.system === 'trixie');
    expect(await page(sb, 'web')).toBe('1.0');

    digests.web2 = await sb.pushImage('native/web', '1', served('2.0'));
    const up = await sb.quadctl(['update', '--unit', 'web']);
    expectExit(up, 0);
    expect(await page(sb, 'web')).toBe('2.0');
    expect((await history(sb, 'web.service')).map((e) => [e.result, e.to?.digest])).toEqual([['updated', digests.web2]]);

    const back = await sb.quadctl(['rollback', 'web']);
    expectExit(back, 0);
    expect(await page(sb, 'web')).toBe('1.0');
    expect((await sb.check('systemctl is-active web.service')).trim()).toBe('active');
  }, 180_000);

  quadletTest('Notify=healthy with a HealthCmd: a slow-to-health image is waited for; one that never gets healthy is rolled back (exit 3)', async () => {
    const unit = `[Container]
Image=${sb.imageRef('native/hc', '1')}
ContainerName=hc
AutoUpdate=registry
Notify=healthy
HealthCmd=test -f /www/healthy
HealthInterval=1s
HealthRetries=2
Label=io.quadctl.settle=3s
[Service]
TimeoutStartSec=15
`;
    await sb.pushImage('native/hc', '1', served('1.0'));
    await installQuadlet(sb, 'hc.container', unit, 'hc.service');
    expect((await sb.check('systemctl show -P Type hc.service')).trim()).toBe('notify');

    // Healthy only after 4 s: the unit stays activating until then; that is no failure.
    const slow: ImageSpec = { ...served('2.0', false), cmd: ['/bin/sh', '-c', "trap 'exit 0' TERM INT; (sleep 4; echo ok > /www/healthy) & httpd -f -p 8080 -h /www & wait"], marker: 'native slow 2.0' };
    const slowDigest = await sb.pushImage('native/hc', '1', slow);
    const up = await sb.quadctl(['update', '--unit', 'hc']);
    expectExit(up, 0);
    expect(await page(sb, 'hc')).toBe('2.0');

    await sb.pushImage('native/hc', '1', served('3.0', false));
    const bad = await sb.quadctl(['update', '--unit', 'hc'], { timeoutMs: 240_000 });
    expectExit(bad, 3);
    expect((await sb.check('systemctl is-active hc.service')).trim()).toBe('active');
    expect(await page(sb, 'hc')).toBe('2.0');
    const entries = await history(sb, 'hc.service');
    expect(entries.map((e) => e.result)).toEqual(['updated', 'rolled-back']);
    expect(entries[1].from?.digest).toBe(slowDigest);
    // Judged by the unit's own readiness signal: it never reported ready, its start timed out.
    expect(entries[1].reason).toMatch(/restart job ended failed .*result timeout/);
  }, 300_000);

  quadletTest('rootless: a .container under user@UID.service with pasta is updated and rolled back with --user', async () => {
    const { name: user, uid, home } = await sb.addUser('qtnative', { subids: '200000:65536' });
    const asUser = (command: string, timeoutMs = 180_000): Promise<ExecResult> =>
      sb.exec(`cd ${home} && exec runuser -u ${user} -- env HOME=${home} XDG_RUNTIME_DIR=/run/user/${uid} DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/${uid}/bus bash -c ${q(command)}`, { timeoutMs });
    const quadctl = (args: string): Promise<ExecResult> => asUser(`node ${q(`${sb.root}/bin/quadctl`)} ${args}`);
    const servedPage = async (): Promise<string> => (await sb.httpGet('http://127.0.0.1:18090/')).trim();

    await sb.pushImage('native/uweb', '1', { ...IMAGES.web('1.0'), marker: 'native uweb 1.0' });
    await sb.writeFile(
      `${home}/.config/containers/systemd/uweb.container`,
      `[Container]
Image=${sb.imageRef('native/uweb', '1')}
ContainerName=uweb
PublishPort=127.0.0.1:18090:8080
AutoUpdate=registry
Label=io.quadctl.settle=3s
`,
    );
    await sb.check(`chown -R ${user}: ${home}/.config`);
    const start = await asUser('systemctl --user daemon-reload && systemctl --user start uweb.service');
    expectExit(start, 0);
    expect((await asUser("podman info --format '{{.Host.Security.Rootless}} {{.Host.NetworkBackend}}'")).stdout.trim()).toMatch(/^true /);
    expect(await servedPage()).toBe('1.0');

    await sb.pushImage('native/uweb', '1', { ...IMAGES.web('2.0'), marker: 'native uweb 2.0' });
    const up = await quadctl('update --user');
    expectExit(up, 0);
    expect(await servedPage()).toBe('2.0');
    const back = await quadctl('rollback --user uweb');
    expectExit(back, 0);
    expect(await servedPage()).toBe('1.0');
    const entries = parseJsonOutput<{ entries: { kind?: string; result: string }[] }>('history', (await quadctl('history --user --unit uweb --json')).stdout).entries;
    expect(entries.map((e) => e.result)).toEqual(['updated', 'updated']);
  }, 300_000);
});
