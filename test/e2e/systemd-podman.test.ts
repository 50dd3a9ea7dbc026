// The settle verdict on real Podman containers (Type=notify with --sdnotify=conmon,
// the shape Quadlet writes): what the updater's health gate stands on.
import { describeE2E, IMAGES, startSandbox, type Sandbox } from '../harness';
import { containerUnit, q } from './update-support';
import { connectSystemd, journalctlReader, type JournalReader, type Systemd } from '../../src/adapters/systemd';

/** A unit for Podman 4.3.1 that survives restarts (see the harness CONTRACT). */
const podmanUnit = (image: string): string => containerUnit(image, {}, [], { name: 'systemd-%N', network: 'host' });

describeE2E('settle verdict on Podman containers', () => {
  let sb: Sandbox;
  let sd: Systemd;
  let journal: JournalReader;

  beforeAll(async () => {
    sb = await startSandbox({ registry: true, authRegistry: false });
    await sb.pushImage('qt/web', '1.0.0', IMAGES.web('1.0.0'));
    await sb.pushImage('qt/broken', '1.0.0', IMAGES.exitsAtOnce);
    await sb.check(`podman pull -q ${q(sb.imageRef('qt/web', '1.0.0', 'plain'))} ${q(sb.imageRef('qt/broken', '1.0.0', 'plain'))}`);
    await sb.writeFile('/etc/systemd/system/qt-web.service', podmanUnit(sb.imageRef('qt/web', '1.0.0', 'plain')));
    await sb.writeFile('/etc/systemd/system/qt-broken.service', podmanUnit(sb.imageRef('qt/broken', '1.0.0', 'plain')));
    sd = await connectSystemd({ busAddress: sb.busAddress });
    await sd.reload();
    journal = journalctlReader({ run: async (cmd, args) => (await sb.exec([cmd, ...args].map(q).join(' '))).stdout });
  }, 180_000);
  afterAll(async () => {
    sd?.close();
    await sb?.stop();
  });

  test('a container that serves: start and restart jobs done, verdict healthy, and it answers', async () => {
    expect((await sd.startUnit('qt-web.service', { timeoutMs: 60_000 })).result).toBe('done');
    const r = await sd.restartAndSettle('qt-web.service', { windowMs: 3000, timeoutMs: 60_000, journal });
    expect(r.job.result).toBe('done');
    expect(r.settle).toMatchObject({ verdict: 'healthy', state: { activeState: 'active', subState: 'running' } });
    expect((await sb.httpGet('http://127.0.0.1:8080/')).trim()).toBe('1.0.0');
  });

  test('a container that exits at once: verdict failed within the window, with its output', async () => {
    const r = await sd.restartAndSettle('qt-broken.service', { windowMs: 10_000, timeoutMs: 60_000, journal });
    expect(r.healthy).toBe(false);
    // Depending on how fast the container dies, conmon's READY may or may not come first:
    // either the job fails, or it is `done` and the settle window catches the exit.
    const lines = (r.settle?.verdict === 'failed' ? r.settle.journal : r.journal ?? []).join('\n');
    if (r.job.result === 'done') expect(r.settle).toMatchObject({ verdict: 'failed' });
    expect(lines).toContain('exiting at once');
  });
});
