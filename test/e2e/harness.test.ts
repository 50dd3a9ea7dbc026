/**
 * Acceptance for the real-system harness: a sandbox boots a real systemd with its own
 * namespaces, serves registries, takes pushed images, runs a Podman container under a
 * systemd unit that answers HTTP, restarts and stops it, and leaves nothing behind.
 */
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as dbus from 'dbus-next';
import { currentSystem, describeE2E, IMAGES, startSandbox, type Sandbox, expectExit, useSandbox } from '../harness';
import { containerUnit } from './update-support';

const WEB = 'http://127.0.0.1:8080/';

const WEB_UNIT = (image: string): string => containerUnit(image, {}, [], { name: 'systemd-%N', network: 'host', description: 'harness smoke web' });

const nsOf = (pid: number | 'self', ns: string): string => readlinkSync(`/proc/${pid}/ns/${ns}`);

describeE2E('harness: a real systemd, registry and Podman in a sandbox', () => {
  let sb: Sandbox;
  useSandbox({ registry: true, authRegistry: true }, (started) => {
    sb = started;
  }, 60_000);

  test('systemd is PID 1 of namespaces of its own, with a private /tmp', async () => {
    expect(await sb.check('readlink -f /proc/1/exe')).toMatch(/\/systemd\n$/);
    expect((await sb.exec('systemctl is-system-running')).stdout.trim()).toBe('running');
    // What Podman 5's rootless Quadlet units wait for (podman-user-wait-network-online.service).
    expect((await sb.exec('systemctl is-active network-online.target')).stdout.trim()).toBe('active');
    for (const ns of ['pid', 'mnt', 'net', 'uts', 'ipc', 'cgroup']) expect(nsOf(sb.pid, ns)).not.toBe(nsOf('self', ns));
    await sb.writeFile('/tmp/harness-private', 'inside\n');
    expect(await sb.readFile('/tmp/harness-private')).toBe('inside\n');
    expect(existsSync('/tmp/harness-private')).toBe(false);
  });

  test("Podman's lock table is the sandbox's own: a pod made inside does not use the machine's /dev/shm", async () => {
    // The machine's table filled up across a long run once (every podman run failed with
    // "exceeded num_locks"); a sandbox's own /dev/shm starts empty and dies with it.
    await sb.writeFile('/dev/shm/harness-private', 'inside\n');
    expect(existsSync('/dev/shm/harness-private')).toBe(false);
    await sb.check('podman pod create --name harness-locks && podman pod rm -f harness-locks');
    expect(await sb.check('ls /dev/shm')).toMatch(/^libpod_lock$/m);
  });

  test('it runs the system QUADCTL_E2E_SYSTEM chose: its systemd and Podman', async () => {
    const system = currentSystem();
    expect(sb.system).toBe(system.name);
    expect(await sb.check('systemctl --version')).toMatch(new RegExp(`^systemd ${system.systemd}\\b`));
    expect(await sb.check("podman version --format '{{.Client.Version}}'")).toBe(`${system.podman}\n`);
  });

  test('the checkout is shared read-write at the same path', async () => {
    expect(await sb.check('cat package.json', { cwd: sb.root })).toBe(readFileSync(join(sb.root, 'package.json'), 'utf8'));
  });

  test('the sandbox system bus is reachable from the jest process with dbus-next', async () => {
    const bus = dbus.sessionBus({ busAddress: sb.busAddress });
    try {
      const systemd = await bus.getProxyObject('org.freedesktop.systemd1', '/org/freedesktop/systemd1');
      const props = systemd.getInterface('org.freedesktop.DBus.Properties');
      const version = (await props.Get('org.freedesktop.systemd1.Manager', 'Version')) as dbus.Variant<string>;
      const inside = await sb.check('systemctl --version');
      expect(inside.split('\n')[0]).toContain(version.value.split(' ')[0]);
    } finally {
      bus.disconnect();
    }
  });

  test('the plain registry answers anonymously, the auth registry only with credentials', async () => {
    const status = (args: string) => sb.check(`curl -s -o /dev/null -w '%{http_code}' ${args}`);
    expect(await status(`http://${sb.registry.host}/v2/`)).toBe('200');
    expect(await status(`http://${sb.authRegistry.host}/v2/`)).toBe('401');
    expect(await status(`-u ${sb.authRegistry.username}:${sb.authRegistry.password} http://${sb.authRegistry.host}/v2/`)).toBe('200');
  });

  test('pushImage returns the digest the registry serves; v1 and v2 differ', async () => {
    const v1 = await sb.pushImage('demo/web', '1.0.0', IMAGES.web('1.0.0'));
    const v2 = await sb.pushImage('demo/web', '2.0.0', IMAGES.web('2.0.0'));
    expect(v1).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(v2).not.toBe(v1);
    const served = await sb.check(
      `curl -sfI -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' http://${sb.registry.host}/v2/demo/web/manifests/1.0.0`,
    );
    expect(served).toMatch(new RegExp(`^docker-content-digest: ${v1}\\r?$`, 'im'));
  });

  test('images on the auth registry pull only after podman login', async () => {
    const digest = await sb.pushImage('demo/private', '1', { ...IMAGES.idle, registry: 'auth' });
    const ref = sb.imageRef('demo/private', '1', 'auth');
    expect((await sb.exec(`podman pull -q ${ref}`)).code).not.toBe(0);
    await sb.check(`podman login -u ${sb.authRegistry.username} --password-stdin ${sb.authRegistry.host}`, { input: sb.authRegistry.password });
    await sb.check(`podman pull -q ${ref}`);
    expect(await sb.check(`podman image inspect --format '{{.Digest}}' ${ref}`)).toBe(`${digest}\n`);
  });

  test('a Podman container under a systemd unit answers HTTP, restarts and stops', async () => {
    await sb.pushImage('demo/web', '1.0.0', IMAGES.web('1.0.0'));
    await sb.writeFile('/etc/systemd/system/web.service', WEB_UNIT(sb.imageRef('demo/web', '1.0.0')));
    await sb.check('systemctl daemon-reload && systemctl start web.service');
    await sb.waitForUnit('web.service', 'active/running', 30_000);
    expect(await sb.httpGet(WEB)).toBe('1.0.0\n');
    const firstId = await sb.check('podman inspect --format "{{.Id}}" systemd-web');

    await sb.check('systemctl restart web.service');
    await sb.waitForUnit('web.service', 'active/running', 30_000);
    expect(await sb.httpGet(WEB)).toBe('1.0.0\n');
    expect(await sb.check('podman inspect --format "{{.Id}}" systemd-web')).not.toBe(firstId);

    await sb.check('systemctl stop web.service');
    expect(await sb.check('systemctl show -P ActiveState web.service')).toBe('inactive\n');
    expect(await sb.check('systemctl show -P Result web.service')).toBe('success\n');
    expect(await sb.check('podman ps -a -q')).toBe('');
    expect((await sb.exec(`curl -s --max-time 2 ${WEB}`)).code).not.toBe(0);
  }, 60_000);

  test('recipes: exits at once, unhealthy, slow to start', async () => {
    await sb.pushImage('demo/exit', '1', IMAGES.exitsAtOnce);
    const exited = await sb.exec(`podman run --rm ${sb.imageRef('demo/exit', '1')}`);
    expect(exited).toMatchObject({ code: 1, stdout: 'exiting at once\n' });

    await sb.pushImage('demo/sick', '1', IMAGES.unhealthy);
    await sb.check(`podman run -d --name sick --network=host ${sb.imageRef('demo/sick', '1')}`);
    expect(await sb.httpGet(WEB)).toBe('unhealthy\n');
    expect((await sb.exec('podman healthcheck run sick')).code).not.toBe(0);
    // Podman's own health timers (transient systemd units) run inside the sandbox too.
    const status = await sb.exec('for i in $(seq 150); do s=$(podman inspect --format "{{.State.Health.Status}}" sick); [ "$s" = unhealthy ] && break; sleep 0.2; done; echo "$s"');
    expect(status.stdout).toBe('unhealthy\n');
    await sb.check('podman rm -f -t 0 sick');

    // 10 s: the first check must come before it serves even on a machine busy with other work.
    await sb.pushImage('demo/slow', '1', IMAGES.slowStartAfter(10));
    await sb.check(`podman run -d --name slow --network=host ${sb.imageRef('demo/slow', '1')}`);
    expect((await sb.exec('podman healthcheck run slow')).code).not.toBe(0);
    const healthy = await sb.exec('for i in $(seq 300); do podman healthcheck run slow >/dev/null && exit 0; sleep 0.2; done; exit 1');
    expectExit(healthy, 0);
    await sb.check('podman rm -f -t 0 slow');
  }, 180_000);

  test('a semver series: each tag its own digest, serving its own version', async () => {
    const digests = await sb.pushSeries('demo/series', ['1.0.0', '1.0.1', '1.1.0', '2.0.0']);
    expect(new Set(Object.values(digests)).size).toBe(4);
    const tags = JSON.parse(await sb.check(`curl -sf http://${sb.registry.host}/v2/demo/series/tags/list`)) as { tags: string[] };
    expect(tags.tags.sort()).toEqual(['1.0.0', '1.0.1', '1.1.0', '2.0.0']);
    expect(await sb.check(`podman run --rm ${sb.imageRef('demo/series', '1.1.0')} cat /www/index.html`)).toBe('1.1.0\n');
  }, 60_000);

  test('addUser: a user manager for an unprivileged user, refused clearly when it cannot read what the suite runs', async () => {
    const user = await sb.addUser('qtharness');
    expect((await sb.check(`systemctl show -P ActiveState user@${user.uid}.service`)).trim()).toBe('active');
    expect((await sb.check(`runuser -u qtharness -- env XDG_RUNTIME_DIR=/run/user/${user.uid} systemctl --user is-system-running || true`)).trim()).toMatch(/running|degraded/);
    await sb.check('mkdir -p /srv/private/checkout && chmod 700 /srv/private');
    await expect(sb.addUser('qtblind', { readable: ['/srv/private/checkout'] })).rejects.toThrow(/the test user qtblind cannot read \/srv\/private\/checkout: a directory above it is not readable/);
  }, 60_000);

  test('waitForUnit reports the journal of a unit that does not get there', async () => {
    // oneshot: activating, then failed; never active, however fast the poll.
    await sb.writeFile('/etc/systemd/system/dies.service', '[Service]\nType=oneshot\nExecStart=/bin/sh -c "echo harness-dies-marker; exit 3"\n');
    await sb.check('systemctl daemon-reload && systemctl start --no-block dies.service');
    await expect(sb.waitForUnit('dies.service', 'active', 1000)).rejects.toThrow(/harness-dies-marker/);
  });
});

describeE2E('harness: teardown', () => {
  /** Every process on the machine in namespace `link` (e.g. 'mnt:[4026532…]'). */
  const processesIn = (ns: string, link: string): number[] =>
    readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          return readlinkSync(`/proc/${d}/ns/${ns}`) === link;
        } catch {
          return false;
        }
      })
      .map(Number);

  test('stop() leaves no process, namespace, mount, cgroup or state dir behind', async () => {
    const sb = await startSandbox({ registry: true });
    let stopped = false;
    try {
      await sb.pushImage('demo/web', '1', IMAGES.web('1'));
      await sb.check(`podman run -d --network=host ${sb.imageRef('demo/web', '1')}`);
      const namespaces = Object.fromEntries(['mnt', 'pid', 'net', 'cgroup'].map((ns) => [ns, nsOf(sb.pid, ns)]));
      // Who was in them before the stop: once they are gone, the kernel reuses their inode
      // numbers for namespaces made later (another suite's sandbox, booting meanwhile).
      const inside = Object.fromEntries(Object.entries(namespaces).map(([ns, link]) => [ns, processesIn(ns, link)]));
      expect(inside.pid.length).toBeGreaterThan(1);
      const stateDir = join(tmpdir(), sb.id);
      expect(existsSync(stateDir)).toBe(true);
      await sb.stop();
      stopped = true;
      expect(existsSync(`/proc/${sb.pid}`)).toBe(false);
      for (const [ns, link] of Object.entries(namespaces)) expect(inside[ns].filter((pid) => processesIn(ns, link).includes(pid))).toEqual([]);
      expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(sb.id);
      expect(existsSync(`/sys/fs/cgroup/unified/${sb.id}`)).toBe(false);
      expect(existsSync(`/sys/fs/cgroup/systemd/${sb.id}`)).toBe(false);
      expect(existsSync(stateDir)).toBe(false);
    } finally {
      if (!stopped) await sb.stop();
    }
  }, 60_000);
});
