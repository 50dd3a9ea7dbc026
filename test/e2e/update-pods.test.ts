// Containers in pods: restarting a pod member's own unit stops the pod under it (its
// exit policy) and the member's restart job fails, so quadctl restarts the POD's unit,
// as Podman 5's auto-update does, then judges the member. Two kinds of pod units:
// a Quadlet `.pod` (Podman 5 only) and `podman generate systemd --new --name POD`
// (all three systems), with a member labelled io.containers.autoupdate=local.
import { IMAGES, testOn, describeE2E, type ImageSpec, type Sandbox, expectExit, useSandbox } from '../harness';
import { history, q } from './update-support';

/** Serves `version` and stops at once on SIGTERM; marker keeps digests apart between pods. */
const web = (version: string, pod: string): ImageSpec => ({ ...IMAGES.web(version), marker: `${pod} ${version}` });

async function active(sb: Sandbox, ...units: string[]): Promise<string[]> {
  return Promise.all(units.map(async (u) => (await sb.exec(`systemctl is-active ${q(u)}`)).stdout.trim()));
}

describeE2E('update and rollback of containers in pods', () => {
  let sb: Sandbox;

  useSandbox({ registry: true }, (started) => {
    sb = started;
  });

  testOn(['trixie', 'forky'], 'Podman 4.3.1 has no Quadlet')('a member of a Quadlet .pod is updated through the pod, and a broken candidate rolled back (exit 3)', async () => {
    await sb.pushImage('pods/qweb', '1', web('1.0', 'qpod'));
    await sb.writeFile('/etc/containers/systemd/qpod.pod', '[Pod]\nPodName=qpod\nPublishPort=127.0.0.1:18081:8080\n');
    await sb.writeFile(
      '/etc/containers/systemd/qweb.container',
      `[Container]
Image=${sb.imageRef('pods/qweb', '1')}
ContainerName=qweb
Pod=qpod.pod
AutoUpdate=registry
Label=io.quadctl.settle=3s
`,
    );
    await sb.check('systemctl daemon-reload && systemctl start qpod-pod.service', { timeoutMs: 120_000 });
    await sb.waitForUnit('qweb.service', 'active', 60_000);
    expect((await sb.httpGet('http://127.0.0.1:18081/')).trim()).toBe('1.0');

    const digest2 = await sb.pushImage('pods/qweb', '1', web('2.0', 'qpod'));
    const up = await sb.quadctl(['update', '--unit', 'qweb']);
    expectExit(up, 0);
    expect((await sb.httpGet('http://127.0.0.1:18081/')).trim()).toBe('2.0');
    expect(await active(sb, 'qpod-pod.service', 'qweb.service')).toEqual(['active', 'active']);

    await sb.pushImage('pods/qweb', '1', { ...IMAGES.exitsAtOnce, marker: 'qpod broken' });
    const bad = await sb.quadctl(['update', '--unit', 'qweb']);
    expectExit(bad, 3);
    expect(await active(sb, 'qpod-pod.service', 'qweb.service')).toEqual(['active', 'active']);
    expect((await sb.httpGet('http://127.0.0.1:18081/')).trim()).toBe('2.0');
    const entries = await history(sb, 'qweb.service');
    expect(entries.map((e) => [e.result, e.to?.digest === digest2])).toEqual([
      ['updated', true],
      ['rolled-back', false],
    ]);
  }, 240_000);

  test('a member of a `podman generate systemd --new` pod with autoupdate=local is updated through the pod, then rolled back', async () => {
    const ref = sb.imageRef('pods/gweb', '1');
    await sb.pushImage('pods/gweb', '1', web('1.0', 'gpod'));
    await sb.check(`podman pull -q ${q(ref)}`);
    await sb.check('podman pod create --name gpod -p 127.0.0.1:18082:8080');
    await sb.check(`podman create --pod gpod --name gweb --label io.containers.autoupdate=local --label io.quadctl.settle=3s ${q(ref)}`);
    await sb.check('cd /etc/systemd/system && podman generate systemd --new --name gpod --files');
    await sb.check('podman pod rm -f gpod && systemctl daemon-reload && systemctl start pod-gpod.service', { timeoutMs: 120_000 });
    await sb.waitForUnit('container-gweb.service', 'active', 60_000);
    expect((await sb.httpGet('http://127.0.0.1:18082/')).trim()).toBe('1.0');

    // `local`: a newer image under the same tag in local storage, nothing asked of a registry.
    await sb.pushImage('pods/gweb', '2', web('2.0', 'gpod'));
    await sb.check(`podman pull -q ${q(sb.imageRef('pods/gweb', '2'))} && podman tag ${q(sb.imageRef('pods/gweb', '2'))} ${q(ref)}`);
    const up = await sb.quadctl(['update', '--unit', 'container-gweb']);
    expectExit(up, 0);
    expect((await sb.httpGet('http://127.0.0.1:18082/')).trim()).toBe('2.0');
    expect(await active(sb, 'pod-gpod.service', 'container-gweb.service')).toEqual(['active', 'active']);
    expect((await history(sb, 'container-gweb.service')).map((e) => e.result)).toEqual(['updated']);

    const back = await sb.quadctl(['rollback', 'container-gweb']);
    expectExit(back, 0);
    expect((await sb.httpGet('http://127.0.0.1:18082/')).trim()).toBe('1.0');
    expect(await active(sb, 'pod-gpod.service', 'container-gweb.service')).toEqual(['active', 'active']);
  }, 240_000);
});
