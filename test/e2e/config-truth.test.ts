// The config stays the source of truth (issue 12), on a real system with a real
// registry: the updater's choice (1.0.0 → 1.0.1 under patch) survives re-applies
// while every config change still reaches the unit; a config change of Image or
// policy wins; a rollback by hand holds the unit and never toggles; a broken
// newest candidate does not block the good one before it; status lists a
// stopped unit; apply --prune removes what left the config. Units are whatever
// `apply` renders for the system (systemd units on Podman 4.3, Quadlet files on 5).
import { describeE2E, IMAGES, testOn, type Sandbox, expectExit, useSandbox } from '../harness';
import { history, q, running } from './update-support';
import { parseJsonOutput } from '../json-output';

const CONFIG = '/etc/quadctl/i12.ini';

interface StatusUnit {
  unit: string;
  state: string;
  image: string | null;
  policy: string | null;
  action: string;
  reason: string;
  hold: { reason: string } | null;
  knownBad: { digest: string; image: string; reason: string }[];
  overrides: string[];
}

describeE2E('the config stays the source of truth: updates, holds, rollbacks, prune', () => {
  let sb: Sandbox;
  let ref: (repo: string, tag: string) => string;

  const section = (name: string, image: string, extra: string[] = [], policy = 'patch'): string =>
    [`[container.${name}]`, `Image = ${image}`, 'Network = none', 'RunInit = true', 'update.settle = 2s', `update.policy = ${policy}`, ...extra, ''].join('\n');

  async function apply(text: string, ...flags: string[]): Promise<{ code: number; out: string }> {
    await sb.writeFile(CONFIG, text);
    const r = await sb.quadctl(['apply', '-c', CONFIG, '--now', ...flags], { timeoutMs: 240_000 });
    return { code: r.code, out: r.stdout + r.stderr };
  }
  /** apply that must succeed; its output is the failure message otherwise. */
  async function applied(text: string, ...flags: string[]): Promise<string> {
    const r = await apply(text, ...flags);
    if (r.code !== 0) throw new Error(`apply ${flags.join(' ')} exited ${r.code}\n${r.out}`);
    return r.out;
  }
  async function ok(what: Promise<{ code: number; stdout: string; stderr: string }>, code = 0): Promise<string> {
    const r = await what;
    if (r.code !== code) throw new Error(`exited ${r.code}, not ${code}\n${r.stdout}${r.stderr}`);
    return r.stdout;
  }
  const update = (...args: string[]) => sb.quadctl(['update', ...args], { timeoutMs: 240_000 });
  /** A timer run: exactly what the timer's service runs. */
  const timerRun = () => sb.quadctl(['update'], { env: { QUADCTL_TRIGGER: 'timer' }, timeoutMs: 240_000 });
  const status = async (): Promise<StatusUnit[]> => parseJsonOutput<{ units: StatusUnit[] }>('status', (await sb.quadctl(['status', '--json'])).stdout).units;
  const page = async (unit: string): Promise<string> => (await running(sb, unit)).page;
  const containerOf = async (unit: string): Promise<string> => (await sb.exec(`podman ps --filter label=PODMAN_SYSTEMD_UNIT=${q(unit)} --format '{{.Names}}'`)).stdout.trim();

  useSandbox({ registry: true }, async (started) => {
    sb = started;
    ref = (repo, tag) => sb.imageRef(`i12/${repo}`, tag);
    await sb.pushImage('i12/web', '1.0.0', IMAGES.web('1.0.0'));
    const first = await apply(section('web', ref('web', '1.0.0')));
    if (first.code !== 0) throw new Error(`apply exited ${first.code}\n${first.out}`);
  }, 300_000);

  test('an update survives re-applies, config changes reach the unit, Image and policy changes win', async () => {
    await sb.pushImage('i12/web', '1.0.1', IMAGES.web('1.0.1'));
    await ok(update());
    expect(await running(sb, 'web.service')).toMatchObject({ imageName: ref('web', '1.0.1'), page: '1.0.1' });
    // No frozen copy of the command line: the unit's own file names the image.
    expect(await sb.check('systemctl cat web.service')).not.toMatch(/90-quadctl-image/);

    // A config change reaches the container, which stays on what the updater chose.
    const withFoo = section('web', ref('web', '1.0.0'), ['Environment = FOO=bar']);
    await sb.writeFile(CONFIG, withFoo);
    const diff = await sb.quadctl(['diff', '-c', CONFIG, '--exit-code']);
    expectExit(diff, 1);
    expect(diff.stdout).toMatch(/# web\.service: runs \S+:1\.0\.1, resolved by quadctl update within update\.policy = patch/);
    expect(diff.stdout).toMatch(/\+.*FOO=bar/);
    await applied(withFoo);
    expect(await sb.check(`podman container inspect --format '{{json .Config.Env}}' ${q(await containerOf('web.service'))}`)).toContain('"FOO=bar"');
    expect(await page('web.service')).toBe('1.0.1');
    expect((await sb.quadctl(['diff', '-c', CONFIG, '--exit-code'])).code).toBe(0);

    // Image in the config changes: that wins over the updater's earlier choice.
    await sb.pushImage('i12/web', '1.1.0', IMAGES.web('1.1.0'));
    await applied(section('web', ref('web', '1.1.0'), ['Environment = FOO=bar']));
    expect(await running(sb, 'web.service')).toMatchObject({ imageName: ref('web', '1.1.0'), page: '1.1.0' });

    // policy = none: a timer run changes nothing, though 1.1.1 is there.
    await sb.pushImage('i12/web', '1.1.1', IMAGES.web('1.1.1'));
    await applied(section('web', ref('web', '1.1.0'), [], 'none'));
    await ok(timerRun());
    expect(await page('web.service')).toBe('1.1.0');
    expect((await status()).find((u) => u.unit === 'web.service')).toMatchObject({ policy: 'none', state: 'running' });
  }, 600_000);

  test('a rollback by hand holds the unit against timer runs and re-applies, and a second one goes further back', async () => {
    await applied(section('web', ref('web', '1.1.0')));
    await ok(update());
    expect(await page('web.service')).toBe('1.1.1');

    const back = await ok(sb.quadctl(['rollback', 'web'], { timeoutMs: 240_000 }));
    expect(back).toMatch(/web\.service is held on \S+:1\.1\.0/);
    expect(await page('web.service')).toBe('1.1.0');
    await ok(timerRun());
    expect(await page('web.service')).toBe('1.1.0');
    await applied(section('web', ref('web', '1.1.0')));
    expect(await page('web.service')).toBe('1.1.0');
    expect((await status()).find((u) => u.unit === 'web.service')).toMatchObject({ hold: { reason: expect.stringMatching(/rolled back by hand/) }, reason: expect.stringMatching(/held/) });

    // Again: further back along what ran well (1.0.1), never to 1.1.1, the image it left.
    const again = parseJsonOutput('rollback', await ok(sb.quadctl(['rollback', 'web', '--json'], { timeoutMs: 240_000 })));
    expect(again).toMatchObject({ unit: 'web.service', kind: 'rollback', result: 'updated', held: true, to: { image: ref('web', '1.0.1') } });
    expect(await running(sb, 'web.service')).toMatchObject({ imageName: ref('web', '1.0.1'), page: '1.0.1' });
    // Released, the next run moves it on within its policy again.
    expect(parseJsonOutput('unhold', await ok(sb.quadctl(['unhold', 'web', '--json'])))).toMatchObject({ unit: 'web.service', held: false, released: { reason: expect.stringMatching(/rolled back by hand/) } });
    expect((await history(sb, 'web')).map((e) => e.result)).toEqual(['updated', 'updated', 'updated', 'updated']);
  }, 600_000);

  test('1.0.1 good and 1.0.2 broken: a unit on 1.0.0 goes to 1.0.1; a stopped unit shows in status; apply --prune removes it', async () => {
    await sb.pushImage('i12/api', '1.0.0', IMAGES.web('api-1.0.0'));
    const both = section('web', ref('web', '1.1.0')) + section('api', ref('api', '1.0.0'));
    await applied(both);
    await sb.pushImage('i12/api', '1.0.1', IMAGES.web('api-1.0.1'));
    const broken = await sb.pushImage('i12/api', '1.0.2', IMAGES.exitsAtOnce);

    await ok(update('--unit', 'api'), 3);
    expect(await page('api.service')).toBe('api-1.0.0');
    await ok(update('--unit', 'api'));
    expect(await running(sb, 'api.service')).toMatchObject({ imageName: ref('api', '1.0.1'), page: 'api-1.0.1' });
    expect((await status()).find((u) => u.unit === 'api.service')?.knownBad).toEqual([expect.objectContaining({ digest: broken, image: ref('api', '1.0.2') })]);

    await sb.check('systemctl stop api.service');
    expect((await status()).find((u) => u.unit === 'api.service')).toMatchObject({ state: 'stopped', image: ref('api', '1.0.1') });

    // Without --prune a section that went away is listed, not removed.
    const kept = await apply(section('web', ref('web', '1.1.0')));
    expect(kept).toMatchObject({ code: 0, out: expect.stringMatching(/left installed: api\.service \(quadctl apply --prune/) });
    await applied(section('web', ref('web', '1.1.0')), '--prune');
    expect((await sb.exec('systemctl show -p LoadState --value api.service')).stdout.trim()).toBe('not-found');
    expect((await status()).map((u) => u.unit)).not.toContain('api.service');

    // An empty config: refused clearly without --prune; with it, everything quadctl installed goes.
    const empty = await apply('# nothing left\n');
    expect(empty).toMatchObject({ code: 2, out: expect.stringMatching(/defines no unit.*apply --prune/) });
    await applied('# nothing left\n', '--prune');
    expect((await sb.exec('systemctl show -p LoadState --value web.service')).stdout.trim()).toBe('not-found');
    expect(await containerOf('web.service')).toBe('');
  }, 600_000);

  testOn(['trixie', 'forky'], 'Podman 4.3.1 has no Quadlet')("Podman's own Quadlet unit: a drop-in with only Image=, so the user's later edits still apply", async () => {
    await sb.pushImage('i12/own', '1.0.0', IMAGES.web('own-1.0.0'));
    const own = (extra: string) => `[Container]\nImage=${ref('own', '1.0.0')}\nNetwork=none\nLabel=io.quadctl.policy=patch\nLabel=io.quadctl.settle=2s\n${extra}`;
    await sb.writeFile('/etc/containers/systemd/own.container', own(''));
    await sb.check('systemctl daemon-reload && systemctl start own.service', { timeoutMs: 120_000 });
    await sb.pushImage('i12/own', '1.0.1', IMAGES.web('own-1.0.1'));
    await ok(update('--unit', 'own'));
    expect(await page('own.service')).toBe('own-1.0.1');
    const dropIn = await sb.check('cat /etc/containers/systemd/own.container.d/90-quadctl-image.conf');
    expect(dropIn.split('\n').filter((l) => l && !l.startsWith('#'))).toEqual(['[Container]', `Image=${ref('own', '1.0.1')}`]);
    expect((await status()).find((u) => u.unit === 'own.service')?.overrides).toEqual([expect.stringMatching(/own\.container\.d\/90-quadctl-image\.conf sets Image=/)]);
    // The user edits their file: the edit applies, the updater's image stays.
    await sb.writeFile('/etc/containers/systemd/own.container', own('Environment=BAR=baz\n'));
    await sb.check('systemctl daemon-reload && systemctl restart own.service', { timeoutMs: 120_000 });
    expect(await sb.check(`podman container inspect --format '{{json .Config.Env}}' ${q(await containerOf('own.service'))}`)).toContain('"BAR=baz"');
    expect(await page('own.service')).toBe('own-1.0.1');
  }, 300_000);
});
