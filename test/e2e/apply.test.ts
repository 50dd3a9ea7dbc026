// quadctl apply on a real systemd and Podman: the bundled example comes up, serves
// HTTP through its published ports, survives restarts, stops cleanly, and a second
// apply with no change restarts nothing. On Podman 4.3.1 (no Quadlet) apply writes
// systemd units; on Podman 5 it writes Quadlet files that the system's own Quadlet
// turns into the same services.
import { currentSystem, describeE2E, IMAGES, type Sandbox, expectExit, useSandbox } from '../harness';
import { parseJsonOutput } from '../json-output';

const SERVICES = ['backend-network.service', 'data-volume.service', 'demo-pod.service', 'web.service', 'worker.service'];
const CONTAINERS = ['web.service', 'worker.service', 'demo-pod.service'];

const QUADLET_FILES: Record<string, string> = { 'backend-network.service': 'backend.network', 'data-volume.service': 'data.volume', 'demo-pod.service': 'demo.pod' };
/** What apply writes on this system: the target it picks, where, and each file's name for a service. */
const TARGET = currentSystem().podman.startsWith('4.3.')
  ? { name: 'systemd', dir: '/etc/systemd/system', file: (service: string) => service }
  : { name: 'quadlet', dir: '/etc/containers/systemd', file: (service: string) => QUADLET_FILES[service] ?? service.replace(/\.service$/, '.container') };
const FILES = SERVICES.map(TARGET.file);

interface ApplyJson {
  target: string;
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
  reloaded: boolean;
  units: { service: string; action: string; result: string; state: string; journal?: string[] }[];
}

describeE2E(`quadctl apply on Podman ${currentSystem().podman}`, () => {
  let sb: Sandbox;
  const apply = async (): Promise<ApplyJson> => {
    const r = await sb.quadctl(['apply', '-c', 'examples/quadctl.ini', '--now', '--json'], { env: { REGISTRY: sb.registry.host }, timeoutMs: 240_000 });
    if (r.code !== 0) throw new Error(`apply exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    return parseJsonOutput<ApplyJson>('apply', r.stdout);
  };
  const invocations = async (): Promise<string> => sb.check(`systemctl show -p InvocationID --value ${SERVICES.join(' ')}`);

  useSandbox({ registry: true, authRegistry: false }, async (started) => {
    sb = started;
    await sb.pushImage('demo/web', '1.0.0', IMAGES.web('1.0.0'));
  });

  test('apply --now brings up network, volume, pod and both containers, serving HTTP', async () => {
    const first = await apply();
    expect(first.target).toBe(TARGET.name);
    expect(first.added).toEqual(expect.arrayContaining(FILES));
    for (const u of first.units) expect(u).toMatchObject({ result: 'done', state: expect.stringMatching(/^active/) });
    for (const s of SERVICES) expect((await sb.exec(`systemctl is-active ${s}`)).stdout.trim()).toBe('active');
    expect((await sb.httpGet('http://127.0.0.1:8080/')).trim()).toBe('1.0.0');
    expect((await sb.httpGet('http://127.0.0.1:8081/')).trim()).toBe('1.0.0');
  }, 300_000);

  test('each unit restarts three times in a row', async () => {
    for (const s of SERVICES) {
      for (let i = 0; i < 3; i++) {
        const r = await sb.exec(`systemctl restart ${s}`, { timeoutMs: 120_000 });
        if (r.code !== 0) throw new Error(`restart ${i + 1} of ${s} failed: ${r.stderr}\n${(await sb.exec(`journalctl -u ${s} -n 30 --no-pager`)).stdout}`);
        // Let the restarts propagated to dependents finish: stopping a container while
        // Podman 4.3.1 is still setting up its network leaks CNI's DNAT rule (docs/config.md).
        await sb.waitForJobs();
      }
      // Restarting a network, volume or pod restarts what binds to it: wait for everything again.
      for (const all of SERVICES) await sb.waitForUnit(all, 'active', 60_000);
    }
    expect((await sb.httpGet('http://127.0.0.1:8080/')).trim()).toBe('1.0.0');
    expect((await sb.httpGet('http://127.0.0.1:8081/')).trim()).toBe('1.0.0');
  }, 600_000);

  test('a second apply with no change rewrites nothing and restarts nothing', async () => {
    const before = await invocations();
    const again = await apply();
    expect(again).toMatchObject({ added: [], changed: [], removed: [], reloaded: false });
    expect(again.unchanged).toEqual(expect.arrayContaining(FILES));
    expect(await invocations()).toBe(before);
  }, 300_000);

  test('systemctl stop leaves no container behind', async () => {
    await sb.check(`systemctl stop ${CONTAINERS.join(' ')}`, { timeoutMs: 120_000 });
    expect((await sb.check('podman ps -a --format "{{.Names}}"')).trim()).toBe('');
    expect((await sb.check('podman pod ps -q')).trim()).toBe('');
  }, 180_000);

  test('a config that drops a unit: apply lists it, apply --prune stops and removes it, and leaves other files alone', async () => {
    const image = `${sb.registry.host}/demo/web:1.0.0`;
    await sb.writeFile('/etc/systemd/system/handmade.service', '[Service]\nExecStart=/bin/sleep infinity\n');
    await sb.writeFile('/etc/quadctl/extra.ini', `[container.extra]\nImage = ${image}\nRunInit = true\n\n[container.other]\nImage = ${image}\nRunInit = true\nExec = ["/bin/sleep", "1000"]\n`);
    const run = async (...extra: string[]): Promise<ApplyJson> => {
      const r = await sb.quadctl(['apply', '-c', '/etc/quadctl/extra.ini', '--now', '--json', ...extra], { timeoutMs: 240_000 });
      if (r.code !== 0) throw new Error(`apply exited ${r.code}: ${r.stderr}\n${await sb.journal('extra.service', 40)}\n${await sb.journal('other.service', 40)}`);
      return parseJsonOutput<ApplyJson>('apply', r.stdout);
    };
    expect((await run()).added).toEqual([TARGET.file('extra.service'), TARGET.file('other.service')]);
    expect((await sb.exec('systemctl is-active extra.service other.service')).stdout.split('\n').filter(Boolean)).toEqual(['active', 'active']);
    await sb.writeFile('/etc/quadctl/extra.ini', `[container.other]\nImage = ${image}\nRunInit = true\nExec = ["/bin/sleep", "1000"]\n`);
    // Without --prune a section that went away (a typo, a file half-edited) removes nothing: it is listed.
    expect(await run()).toMatchObject({ removed: [], leftConfig: ['extra.service'], reloaded: false });
    expect((await sb.exec('systemctl is-active extra.service')).stdout.trim()).toBe('active');
    expect(await run('--prune', '--dry-run')).toMatchObject({ dryRun: true, removed: [TARGET.file('extra.service')], stopped: ['extra.service'], units: [] });
    expect((await sb.exec('systemctl is-active extra.service')).stdout.trim()).toBe('active');
    const second = await run('--prune');
    expect(second).toMatchObject({ added: [], changed: [], removed: [TARGET.file('extra.service')], reloaded: true });
    expect(second.units).toEqual(expect.arrayContaining([expect.objectContaining({ service: 'extra.service', action: 'stop', result: 'done' })]));
    expect((await sb.exec('systemctl is-active extra.service')).stdout.trim()).not.toBe('active');
    expect((await sb.exec(`test -e ${TARGET.dir}/${TARGET.file('extra.service')}`)).code).not.toBe(0);
    expect((await sb.exec('systemctl is-active other.service')).stdout.trim()).toBe('active');
    expect(await sb.check('cat /etc/systemd/system/handmade.service')).toBe('[Service]\nExecStart=/bin/sleep infinity\n');
    // The example's units, written for another config, are still there.
    expect((await sb.exec(`test -e ${TARGET.dir}/${TARGET.file('web.service')}`)).code).toBe(0);
  }, 300_000);

  test('a unit that does not come up: apply exits 1 and shows the end of its journal, which says why', async () => {
    const missing = `${sb.registry.host}/demo/never-pushed:1.0.0`;
    await sb.writeFile('/etc/quadctl/broken.ini', `[container.broken]\nImage = ${missing}\n`);
    const r = await sb.quadctl(['apply', '-c', '/etc/quadctl/broken.ini', '--now', '--json'], { timeoutMs: 240_000 });
    expectExit(r, 1);
    const unit = parseJsonOutput<ApplyJson>('apply', r.stdout).units.find((u) => u.service === 'broken.service');
    expect(unit?.state).toMatch(/^(failed|inactive)\//);
    // Podman's own error names the image it could not pull.
    expect(unit?.journal?.join('\n')).toContain('demo/never-pushed');
    expect(r.stderr).toMatch(/broken\.service did not come up/);
    expect(r.stderr).toMatch(/broken\.service \([a-z]+\/[a-z-]+\), the end of its journal:\n {2}.*\n/);
    expect(r.stderr).toContain('demo/never-pushed');
  }, 300_000);
});
