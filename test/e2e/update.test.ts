// quadctl update against real systemd 252, Podman 4.3.1 and a registry, in the
// harness's sandbox: same-tag digests, semver policies, rollback of an image
// that exits at once and of one whose health check fails.
import { describeE2E, IMAGES, type Sandbox, expectExit, useSandbox } from '../harness';
import { containerUnit, history, installUnit, q, running } from './update-support';
import { parseJsonOutput } from '../json-output';

const SETTLE = { 'io.quadctl.settle': '3s', 'io.quadctl.health-timeout': '20s' };

describeE2E('quadctl update', () => {
  let sb: Sandbox;

  useSandbox({ registry: true }, (started) => {
    sb = started;
  });

  test('a new digest on the same tag: the unit runs the new image, history says updated', async () => {
    const ref = sb.imageRef('e2e/same', '1.0.0');
    const first = await sb.pushImage('e2e/same', '1.0.0', IMAGES.web('first'));
    await sb.check(`podman pull -q ${q(ref)}`);
    await installUnit(sb, 'same.service', containerUnit(ref, { 'io.quadctl.policy': 'digest', ...SETTLE }));
    const before = await running(sb, 'same.service');
    expect(before).toMatchObject({ digest: first, page: 'first' });

    const second = await sb.pushImage('e2e/same', '1.0.0', IMAGES.web('second'));
    const dry = await sb.quadctl(['update', '--dry-run', '--json', '--unit', 'same']);
    expect(parseJsonOutput<{ plan: unknown[] }>('update', dry.stdout).plan).toEqual([expect.objectContaining({ action: 'update', candidate: expect.objectContaining({ digest: second }) })]);

    const r = await sb.quadctl(['update', '--unit', 'same']);
    expectExit(r, 0);
    await sb.waitForUnit('same.service', 'active');
    expect(await running(sb, 'same.service')).toMatchObject({ imageName: ref, digest: second, page: 'second' });
    const [entry] = await history(sb, 'same');
    expect(entry).toMatchObject({ result: 'updated', from: { digest: first }, to: { digest: second } });
    // The previous image stays for rollback (by ID: untagged now, and Podman 5 no longer finds it by repo@digest).
    expect((await sb.exec(`podman image exists ${before.imageId}`)).code).toBe(0);

    const again = await sb.quadctl(['update', '--unit', 'same', '--json']);
    expectExit(again, 0);
    expect(parseJsonOutput('update', again.stdout)).toMatchObject({ verdict: 'ok', results: [], plan: [expect.objectContaining({ action: 'none' })] });
  }, 240_000);

  test.each([
    // The container's last words are in the history: the reason a person reads first.
    ['exits at once', 'exits', IMAGES.exitsAtOnce, /unit stopped|restart job ended|job done but/, [], /exiting at once/],
    ['fails its health check', 'unhealthy', IMAGES.unhealthy, /podman healthcheck failed/, [], undefined],
    // Restart=always must not hide a crash loop, nor may the start limit it trips block the rollback.
    ['crash-loops under Restart=always', 'loops', IMAGES.exitsAtOnce, /unit stopped|restart/, ['Restart=always', 'RestartSec=100ms', 'StartLimitBurst=2'], /exiting at once/],
  ])('an image that %s is rolled back: unit active on the previous digest, history rolled-back', async (_what, name, broken, why, service, said) => {
    const ref = sb.imageRef(`e2e/${name}`, '1.0.0');
    const good = await sb.pushImage(`e2e/${name}`, '1.0.0', IMAGES.web(`good-${name}`));
    await sb.check(`podman pull -q ${q(ref)}`);
    await installUnit(sb, `${name}.service`, containerUnit(ref, { 'io.quadctl.policy': 'digest', ...SETTLE }, service));
    const bad = await sb.pushImage(`e2e/${name}`, '1.0.0', broken);

    const r = await sb.quadctl(['update', '--unit', name]);
    expectExit(r, 3);
    await sb.waitForUnit(`${name}.service`, 'active');
    expect(await running(sb, `${name}.service`)).toMatchObject({ digest: good, page: `good-${name}` });
    const [entry] = await history(sb, name);
    expect(entry).toMatchObject({ result: 'rolled-back', from: { digest: good }, to: { digest: bad } });
    expect(entry.reason).toMatch(why);
    if (said) expect((entry.journal ?? []).join('\n')).toMatch(said);
    // The tag names the good image again, so a plain restart stays on it.
    await sb.check(`systemctl reset-failed ${name}.service; systemctl restart ${name}.service`);
    expect(await running(sb, `${name}.service`)).toMatchObject({ digest: good });
    // The next run that does not name the unit does not restart it onto the same broken digest again.
    const next = parseJsonOutput<{ plan: { unit: string; action: string; reason: string }[] }>('update', (await sb.quadctl(['update', '--dry-run', '--json'])).stdout);
    expect(next.plan.find((p) => p.unit === `${name}.service`)).toMatchObject({ action: 'skip', reason: expect.stringMatching(/failed its health gate \[.*quadctl forget/) });
  }, 240_000);

  test('policies: on 1.2.0 with 1.2.1, 1.3.0, 2.0.0 published → patch 1.2.1, minor 1.3.0, major 2.0.0, digest stays', async () => {
    const digests = await sb.pushSeries('e2e/pol', ['1.2.0']);
    const ref = sb.imageRef('e2e/pol', '1.2.0');
    const policies = ['digest', 'patch', 'minor', 'major'];
    // Units quadctl generates (a new tag changes their own file), and one written by hand (it can not).
    const config = policies.map((p) => `[container.pol-${p}]\nImage = ${ref}\nNetwork = none\nRunInit = true\nupdate.policy = ${p}\nupdate.settle = 3s\n`).join('\n');
    await sb.writeFile('/etc/quadctl/pol.ini', config);
    const applied = await sb.quadctl(['apply', '-c', '/etc/quadctl/pol.ini', '--now'], { timeoutMs: 240_000 });
    expectExit(applied, 0);
    await sb.check(`podman pull -q ${q(ref)}`);
    await installUnit(sb, 'pol-byhand.service', containerUnit(ref, { 'io.quadctl.policy': 'patch', ...SETTLE }));
    Object.assign(digests, await sb.pushSeries('e2e/pol', ['1.2.1', '1.3.0', '2.0.0']));

    const r = await sb.quadctl(['update', '--json'], { timeoutMs: 240_000 });
    expectExit(r, 0);
    const expected: Record<string, string> = { digest: '1.2.0', patch: '1.2.1', minor: '1.3.0', major: '2.0.0' };
    for (const p of policies) {
      const now = await running(sb, `pol-${p}.service`);
      expect({ p, ...now }).toMatchObject({ p, imageName: sb.imageRef('e2e/pol', expected[p]), digest: digests[expected[p]], page: expected[p] });
    }
    expect(await history(sb, 'pol-digest')).toEqual([]);
    expect((await history(sb, 'pol-minor'))[0]).toMatchObject({ result: 'updated', from: { image: ref }, to: { image: sb.imageRef('e2e/pol', '1.3.0'), digest: digests['1.3.0'] } });
    // The hand-written unit is told, not changed: no frozen copy of its command line.
    expect(parseJsonOutput<{ plan: { unit: string; action: string; reason: string }[] }>('update', r.stdout).plan.find((p) => p.unit === 'pol-byhand.service')).toMatchObject({ action: 'skip', reason: expect.stringMatching(/newer tag 1\.2\.1.*hand-written/) });
    expect((await running(sb, 'pol-byhand.service')).page).toBe('1.2.0');
    expect((await sb.exec('ls /etc/systemd/system/pol-byhand.service.d /etc/systemd/system/pol-minor.service.d')).code).not.toBe(0);
    // A restart by hand keeps the new tag: the unit's own file names it.
    await sb.check('systemctl restart pol-minor.service');
    expect((await running(sb, 'pol-minor.service')).page).toBe('1.3.0');

    // Undo by hand: back to 1.2.0 through the same transaction, and held there.
    const back = await sb.quadctl(['rollback', 'pol-minor']);
    expect({ code: back.code, out: back.stdout + back.stderr }).toMatchObject({ code: 0, out: expect.stringMatching(/held on .*1\.2\.0/) });
    expect(await running(sb, 'pol-minor.service')).toMatchObject({ imageName: ref, page: '1.2.0' });
    expect((await history(sb, 'pol-minor')).map((e) => e.result)).toEqual(['updated', 'updated']);
  }, 300_000);
});
