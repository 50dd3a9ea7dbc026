// quadctl for a rootless user, end to end: an unprivileged user with subordinate
// ids and their own systemd manager runs `quadctl apply --user --now` (rootless
// Podman: 4.3.1 with slirp4netns, 5.x with pasta; a port published on 127.0.0.1), then
// `quadctl update --user` to a newer patch release, then to a broken one, which
// is rolled back. Everything runs as that user: their unit folder, their user
// bus, their Podman storage, their ~/.local/state/quadctl.
import { currentSystem, describeE2E, IMAGES, startSandbox, type ExecResult, type Sandbox, expectExit } from '../harness';
import { q } from './update-support';
import { parseJsonOutput } from '../json-output';

const USER = 'qtrootless';
const HOME = `/home/${USER}`;
const CONFIG = `${HOME}/.config/quadctl/web.ini`;
const PORT = 18080;

interface HistoryJson {
  unit: string;
  result: string;
  to: { image: string; digest: string | null } | null;
}

describeE2E('rootless: quadctl apply and update --user with rootless Podman', () => {
  let sb: Sandbox;
  let uid = 0;
  const digests: Record<string, string> = {};

  /** bash -c as the user, with the variables a login session would give them. */
  const asUser = (command: string, timeoutMs = 120_000): Promise<ExecResult> =>
    sb.exec(
      `cd ${HOME} && exec runuser -u ${USER} -- env HOME=${HOME} XDG_RUNTIME_DIR=/run/user/${uid} DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/${uid}/bus bash -c ${q(command)}`,
      { timeoutMs },
    );
  const userCheck = async (command: string): Promise<string> => {
    const r = await asUser(command);
    if (r.code !== 0) throw new Error(`exit ${r.code} as ${USER}: ${command}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
    return r.stdout;
  };
  const quadctl = (args: string): Promise<ExecResult> => asUser(`node ${q(`${sb.root}/bin/quadctl`)} ${args}`, 240_000);
  /** The image the user's web container runs: name and manifest digest. */
  const running = async (): Promise<{ imageName: string; digest: string }> => {
    const [imageName, imageId] = (await userCheck("podman container inspect --format '{{.ImageName}} {{.Image}}' systemd-web")).trim().split(' ');
    return { imageName, digest: (await userCheck(`podman image inspect --format '{{.Digest}}' ${imageId}`)).trim() };
  };
  /** The user's history of web.service, oldest first. */
  const history = async (): Promise<HistoryJson[]> => parseJsonOutput<{ entries: HistoryJson[] }>('history', await userCheck(`node ${q(`${sb.root}/bin/quadctl`)} history --user --unit web --json`)).entries;

  beforeAll(async () => {
    sb = await startSandbox({ registry: true });
    digests['1.0.0'] = await sb.pushImage('demo/web', '1.0.0', IMAGES.web('1.0.0'));
    // slirp4netns opens /dev/net/tun as the user. The sandbox's /dev is the machine's,
    // where the node may be root-only (no udev rule making it 0666, as Debian's does):
    // give the sandbox's mount namespace its own world-usable node, before the user's
    // first podman command (its pause process keeps the mounts it started with).
    await sb.check('mknod -m 0666 /run/quadctl-e2e-tun c 10 200 && mount --bind /run/quadctl-e2e-tun /dev/net/tun');
    uid = (await sb.addUser(USER, { subids: '100000:65536' })).uid;
    await sb.writeFile(
      CONFIG,
      `[container.web]
Image = ${sb.imageRef('demo/web', '1.0.0')}
RunInit = true
PublishPort = 127.0.0.1:${PORT}:8080
update.policy = patch
update.settle = 3s
update.probe = http://127.0.0.1:${PORT}/
`,
    );
    await sb.check(`chown -R ${USER}: ${HOME}/.config`);
  }, 180_000);
  afterAll(async () => {
    await sb?.stop();
  });

  test('apply --user --now: the unit runs in the user manager, rootless, and serves on 127.0.0.1', async () => {
    const r = await quadctl(`apply --user --now --json -c ${CONFIG}`);
    expectExit(r, 0);
    const out = parseJsonOutput<{ dir: string; units: { service: string; result: string; state: string }[] }>('apply', r.stdout);
    // Podman 4.3.1 has no Quadlet: systemd units; Podman 5: Quadlet files, which the user's own Quadlet turns into web.service.
    expect(out.dir).toBe(currentSystem().podman.startsWith('4.3.') ? `${HOME}/.config/systemd/user` : `${HOME}/.config/containers/systemd`);
    expect(out.units).toEqual([expect.objectContaining({ service: 'web.service', result: 'done', state: 'active/running' })]);
    expect((await asUser('systemctl --user is-active web.service')).stdout.trim()).toBe('active');
    expect((await userCheck('systemctl --user show -P ControlGroup web.service')).trim()).toMatch(new RegExp(`/user@${uid}\\.service/.*web\\.service$`));
    expect((await sb.httpGet(`http://127.0.0.1:${PORT}/`)).trim()).toBe('1.0.0');
    // The user's Podman runs it, not root's.
    expect((await userCheck("podman ps --format '{{.Names}}'")).trim()).toBe('systemd-web');
    expect((await sb.check('podman ps -a -q')).trim()).toBe('');
    expect(await running()).toEqual({ imageName: sb.imageRef('demo/web', '1.0.0'), digest: digests['1.0.0'] });
  }, 300_000);

  test('update --user moves to the newer patch release and records it in the user\'s history', async () => {
    digests['1.0.1'] = await sb.pushImage('demo/web', '1.0.1', IMAGES.web('1.0.1'));
    const r = await quadctl('update --user');
    expectExit(r, 0);
    expect(await running()).toEqual({ imageName: sb.imageRef('demo/web', '1.0.1'), digest: digests['1.0.1'] });
    expect((await sb.httpGet(`http://127.0.0.1:${PORT}/`)).trim()).toBe('1.0.1');
    expect(await history()).toEqual([expect.objectContaining({ unit: 'web.service', result: 'updated', to: expect.objectContaining({ image: sb.imageRef('demo/web', '1.0.1'), digest: digests['1.0.1'] }) })]);
    // The user's state directory, not the system one.
    expect((await sb.check(`stat -c %U ${HOME}/.local/state/quadctl/history.jsonl`)).trim()).toBe(USER);
    expect((await sb.exec('test -e /var/lib/quadctl/history.jsonl')).code).not.toBe(0);
  }, 300_000);

  test('update --user to a broken image: exit 3, and the unit is back on the previous digest', async () => {
    await sb.pushImage('demo/web', '1.0.2', IMAGES.exitsAtOnce);
    const r = await quadctl('update --user');
    expectExit(r, 3);
    expect((await asUser('systemctl --user is-active web.service')).stdout.trim()).toBe('active');
    expect(await running()).toEqual({ imageName: sb.imageRef('demo/web', '1.0.1'), digest: digests['1.0.1'] });
    expect((await sb.httpGet(`http://127.0.0.1:${PORT}/`)).trim()).toBe('1.0.1');
    expect((await history()).map((h) => [h.result, h.to?.image])).toEqual([
      ['updated', sb.imageRef('demo/web', '1.0.1')],
      ['rolled-back', sb.imageRef('demo/web', '1.0.2')],
    ]);
  }, 300_000);
});
