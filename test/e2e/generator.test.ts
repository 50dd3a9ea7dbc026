// quadctl-generator installed as the system's Quadlet generator (in place of Podman's
// own, which 4.3.1 does not have): systemd runs it on daemon-reload, the units it
// writes start, serve through their published port and survive restarts — given the
// host's Podman version in /etc/quadctl/generator.conf. Without it the units are written
// for the newest Podman: Podman 5 runs them, 4.3.1 cannot (no `network create --ignore`;
// the test shows both, so the setting is known to matter).
import { currentSystem, describeE2E, IMAGES, testOn, type Sandbox, useSandbox } from '../harness';

const ROOT = `${__dirname}/../..`;
const IMAGE = 'localhost:5000/demo/web:1.0.0';

describeE2E(`quadctl-generator as the system generator on Podman ${currentSystem().podman}`, () => {
  let sb: Sandbox;
  const restart = async (): Promise<{ code: number; stderr: string }> => {
    const r = await sb.exec('systemctl restart web.service', { timeoutMs: 120_000 });
    await sb.waitForJobs();
    return r;
  };

  /** Three restarts in a row succeed, and it serves again after them. */
  const restartsAndServes = async (): Promise<void> => {
    for (let i = 0; i < 3; i++) {
      const r = await restart();
      if (r.code !== 0) throw new Error(`restart ${i + 1} failed: ${r.stderr}\n${await sb.journal('web.service', 40)}`);
    }
    await sb.waitForUnit('web.service', 'active');
    expect((await sb.httpGet('http://127.0.0.1:8090/')).trim()).toBe('1.0.0');
  };

  useSandbox({ registry: true }, async (started) => {
    sb = started;
    await sb.pushImage('demo/web', '1.0.0', IMAGES.web('1.0.0'));
    await sb.check(`mkdir -p /etc/systemd/system-generators && ln -s ${ROOT}/bin/quadctl-generator.cjs /etc/systemd/system-generators/podman-system-generator`);
    await sb.writeFile('/etc/containers/systemd/web.network', '[Network]\nSubnet=10.89.9.0/24\n');
    await sb.writeFile(
      '/etc/containers/systemd/web.container',
      `[Unit]\nDescription=generator e2e\n\n[Container]\nImage=${IMAGE}\nNetwork=web.network\nPublishPort=127.0.0.1:8090:8080\nRunInit=true\n\n[Install]\nWantedBy=multi-user.target\n`,
    );
  });

  test('with PodmanVersion=4.3.1: daemon-reload generates adapted units that start, serve and restart', async () => {
    await sb.writeFile('/etc/quadctl/generator.conf', '[Generator]\nPodmanVersion=4.3.1\n');
    await sb.check('systemctl daemon-reload');
    // The newest Quadlet's shape: the container is addressed by name, no cid file can go stale.
    const unit = await sb.check('cat /run/systemd/generator/web.service');
    expect(unit).not.toContain('--cidfile');
    expect(unit).toMatch(/^ExecStop=\S*podman rm -v -f -i systemd-%N$/m);
    const network = await sb.check('cat /run/systemd/generator/web-network.service');
    expect(network).toContain('# Adapted to Podman 4.3.1: podman network create has no --ignore before 4.4');
    expect((await sb.exec('test -L /run/systemd/generator/multi-user.target.wants/web.service')).code).toBe(0);

    await sb.check('systemctl start web.service', { timeoutMs: 120_000 });
    await sb.waitForUnit('web-network.service', 'active');
    await sb.waitForUnit('web.service', 'active');
    expect((await sb.httpGet('http://127.0.0.1:8090/')).trim()).toBe('1.0.0');
    await restartsAndServes();
    await sb.check('systemctl stop web.service', { timeoutMs: 120_000 });
    expect((await sb.check('podman ps -a --format "{{.Names}}"')).trim()).toBe('');
  }, 300_000);

  testOn(['bookworm'], 'Podman 5 runs units for the newest Podman (tested there)')('without it: the units are for the newest Podman, which 4.3.1 cannot run (why the setting exists)', async () => {
    await sb.check('systemctl stop web.service web-network.service', { timeoutMs: 120_000 });
    await sb.check('podman network rm -f systemd-web || true');
    await sb.check('rm -f /etc/quadctl/generator.conf && systemctl daemon-reload');
    expect(await sb.check('cat /run/systemd/generator/web-network.service')).toMatch(/network create --ignore/);
    const r = await sb.exec('systemctl start web.service', { timeoutMs: 120_000 });
    await sb.waitForJobs();
    expect(r.code).not.toBe(0);
    expect(await sb.journal('web-network.service', 60)).toMatch(/unknown flag: --ignore/);
  }, 300_000);

  testOn(['trixie', 'forky'], 'Podman 4.3.1 cannot run them (tested there)')('without it: units for the newest Podman start, serve and restart on Podman 5', async () => {
    await sb.check('rm -f /etc/quadctl/generator.conf && systemctl daemon-reload');
    expect(await sb.check('cat /run/systemd/generator/web.service')).not.toContain('--cidfile');
    await sb.check('systemctl start web.service', { timeoutMs: 120_000 });
    await sb.waitForUnit('web.service', 'active');
    await restartsAndServes();
    await sb.check('systemctl stop web.service', { timeoutMs: 120_000 });
  }, 300_000);

  test('a mistake in generator.conf is reported in the journal and units are still generated', async () => {
    await sb.writeFile('/etc/quadctl/generator.conf', '[Generator]\nPodmanVersion=latest\n');
    await sb.check('systemctl daemon-reload');
    expect((await sb.exec('test -f /run/systemd/generator/web.service')).code).toBe(0);
    const log = await sb.check('journalctl --sync; journalctl -b --no-pager -o cat | grep -F generator.conf || true');
    expect(log).toContain('/etc/quadctl/generator.conf:2: PodmanVersion=latest is not a version like 4.3.1');
  }, 120_000);
});
