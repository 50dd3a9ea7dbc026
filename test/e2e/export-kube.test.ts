// quadctl export kube --podman on a real Podman: the bundled example comes up under
// `podman kube play`, the kube fixture stack under systemd through Podman's own
// podman-kube@.service, and both answer on their published ports; on systems whose
// Podman has Quadlet, the exported .kube units run the same YAML.
import { describeE2E, IMAGES, testOn, type Sandbox, useSandbox } from '../harness';
import { parseJsonOutput } from '../json-output';

const STACK = 'test/fixtures/kube/stack.ini';
const EXAMPLE = 'examples/quadctl.ini';

describeE2E('quadctl export kube on Podman', () => {
  let sb: Sandbox;
  const exportTo = async (config: string, dir: string): Promise<string[]> => {
    const r = await sb.quadctl(['export', 'kube', '-c', config, '--podman', '-o', dir, '--json'], { env: { REGISTRY: sb.registry.host } });
    if (r.code !== 0) throw new Error(`export exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    return parseJsonOutput<{ files: string[] }>('export-kube', r.stdout).files;
  };
  const play = async (dir: string, files: string[]): Promise<void> => {
    // Claims first, so the volumes exist with their labels before a pod mounts them.
    const ordered = [...files.filter((f) => f.startsWith('volume.')), ...files.filter((f) => f.endsWith('.yaml') && !f.startsWith('volume.'))];
    for (const f of ordered) {
      const r = await sb.exec(`podman kube play ${dir}/${f}`, { timeoutMs: 180_000 });
      if (r.code !== 0) throw new Error(`podman kube play ${f} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    }
  };
  const down = async (dir: string, files: string[]): Promise<void> => {
    for (const f of files.filter((x) => x.endsWith('.yaml') && !x.startsWith('volume.'))) await sb.check(`podman kube down ${dir}/${f}`, { timeoutMs: 120_000 });
  };

  useSandbox({ registry: true, authRegistry: false }, async (started) => {
    sb = started;
    await sb.pushImage('demo/web', '1.0.0', IMAGES.web('1.0.0'));
  });

  test('the bundled example plays: its container and its pod answer on their published ports', async () => {
    const files = await exportTo(EXAMPLE, '/tmp/example');
    expect(files).toEqual(['container.web.yaml', 'demo-pod.kube', 'pod.demo.yaml', 'volume.data.yaml', 'web.kube']);
    await play('/tmp/example', files);
    expect((await sb.httpGet('http://127.0.0.1:8080/', 60_000)).trim()).toBe('1.0.0');
    expect((await sb.httpGet('http://127.0.0.1:8081/', 60_000)).trim()).toBe('1.0.0');
    await down('/tmp/example', files);
  }, 420_000);

  test('the kube stack runs under systemd (podman-kube@.service): ports, the env file as a ConfigMap, the health check, the shared claim', async () => {
    const files = await exportTo(STACK, '/tmp/stack');
    const units = files.filter((f) => f.endsWith('.yaml') && !f.startsWith('volume.')).map((f) => `"podman-kube@$(systemd-escape /tmp/stack/${f}).service"`);
    // The claims' volumes are created by the pods that mount them. One unit after the
    // other: one CI run on Podman 4.3.1 saw the second of two units started together fail,
    // and none of 19 tries here did; when a start fails, its journal says why.
    for (const unit of units) {
      const r = await sb.exec(`systemctl start ${unit}`, { timeoutMs: 240_000 });
      if (r.code !== 0) throw new Error(`systemctl start ${unit} exited ${r.code}\n${r.stderr}\n${(await sb.exec(`journalctl --no-pager -n 60 -u ${unit}`)).stdout}`);
    }
    expect((await sb.httpGet('http://127.0.0.1:9090/', 60_000)).trim()).toBe('1.0.0');
    expect((await sb.httpGet('http://127.0.0.1:9091/', 60_000)).trim()).toBe('1.0.0');
    // Podman names a played container POD-CONTAINER, and the pod after the Deployment (how, varies by version).
    const named = async (container: string): Promise<string> => (await sb.check(`podman ps --format '{{.Names}}' | grep -- '-${container}$'`)).trim();
    const api = await named('api');
    expect((await sb.check(`podman exec ${api} sh -c 'echo "$GREETING|$MODE"'`)).trim()).toBe('hello from a ConfigMap|export');
    // The liveness probe became the container's health check, and it passes.
    expect(await sb.check(`podman inspect ${api} --format '{{json .Config.Healthcheck.Test}}'`)).toContain('http://127.0.0.1:8080/');
    expect((await sb.exec(`podman healthcheck run ${api}`)).code).toBe(0);
    const edge = await named('edge');
    // One volume, named after the claim, mounted by both workloads.
    await sb.check(`podman exec ${api} sh -c 'echo shared > /srv/content/mark'`);
    expect((await sb.check(`podman exec ${edge} cat /srv/content/mark`)).trim()).toBe('shared');
    await sb.check(`systemctl stop ${units.join(' ')}`, { timeoutMs: 120_000 });
    expect((await sb.check('podman pod ps -q')).trim()).toBe('');
  }, 420_000);

  testOn(['bookworm'], 'the Podman 5 sandboxes have no cgroup controllers, so Podman can not set a memory limit')('resource limits reach the played container', async () => {
    const image = sb.imageRef('demo/web', '1.0.0', 'plain');
    await sb.writeFile('/tmp/limits/quadctl.ini', `[container.capped]\nImage = ${image}\nPodmanArgs = --memory 128m --cpus 0.5\nPublishPort = 127.0.0.1:9092:8080\n`);
    const files = await exportTo('/tmp/limits/quadctl.ini', '/tmp/limits/out');
    await play('/tmp/limits/out', files);
    expect((await sb.httpGet('http://127.0.0.1:9092/', 60_000)).trim()).toBe('1.0.0');
    const capped = (await sb.check(`podman ps --format '{{.Names}}' | grep -- '-capped$'`)).trim();
    expect((await sb.check(`podman inspect ${capped} --format '{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}}'`)).trim()).toBe(`${128 * 1024 * 1024} 500000000`);
    await down('/tmp/limits/out', files);
  }, 300_000);

  testOn(['trixie', 'forky'], 'Podman 4.3.1 runs an exec probe as its words joined into one shell command, so /bin/sh -c CMD fails there (docs/kube.md)')('a health command with shell syntax runs as /bin/sh -c and passes', async () => {
    const image = sb.imageRef('demo/web', '1.0.0', 'plain');
    await sb.writeFile('/tmp/shell/quadctl.ini', `[container.shelly]\nImage = ${image}\nHealthCmd = wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1\n`);
    const files = await exportTo('/tmp/shell/quadctl.ini', '/tmp/shell/out');
    await play('/tmp/shell/out', files);
    const shelly = (await sb.check(`podman ps --format '{{.Names}}' | grep -- '-shelly$'`)).trim();
    expect(await sb.check(`podman inspect ${shelly} --format '{{json .Config.Healthcheck.Test}}'`)).toContain('"/bin/sh","-c","wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1"');
    // The server may take a moment to listen: healthy within 30 tries.
    expect((await sb.exec(`for i in $(seq 30); do podman healthcheck run ${shelly} && exit 0; sleep 1; done; exit 1`, { timeoutMs: 60_000 })).code).toBe(0);
    await down('/tmp/shell/out', files);
  }, 300_000);

  testOn(['trixie', 'forky'], 'Podman 4.3.1 has no Quadlet to run .kube units')('the .kube units run the exported YAML under systemd', async () => {
    const files = await exportTo(STACK, '/etc/containers/systemd');
    expect(files).toEqual(expect.arrayContaining(['api.kube', 'front-pod.kube', 'container.api.yaml', 'pod.front.yaml']));
    await sb.check('systemctl daemon-reload');
    await sb.check('systemctl start api.service front-pod.service', { timeoutMs: 180_000 });
    expect((await sb.httpGet('http://127.0.0.1:9090/', 60_000)).trim()).toBe('1.0.0');
    expect((await sb.httpGet('http://127.0.0.1:9091/', 60_000)).trim()).toBe('1.0.0');
    await sb.check('systemctl stop api.service front-pod.service', { timeoutMs: 120_000 });
    expect((await sb.check('podman pod ps -q')).trim()).toBe('');
  }, 420_000);
});
