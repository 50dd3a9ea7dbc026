// The Debian package as an admin uses it: `apt install ./quadctl_*.deb` in a fresh
// system, then the README's tour with the installed /usr/bin/quadctl (no checkout
// code, Debian's node by absolute path), the shipped timer units, man pages,
// completions and the generator the package leaves disabled.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describeE2E, CHECKOUT, IMAGES, startSandbox, testOn, type Sandbox, expectExit } from '../harness';
import { parseJsonOutput } from '../json-output';

describeE2E('the .deb installed with apt, then the README tour', () => {
  let sb: Sandbox;
  let deb: string;

  beforeAll(async () => {
    // npm test has built dist/; man pages and the package are built here.
    const built = spawnSync('bash', ['-c', 'node scripts/man.mjs && bash scripts/deb.sh'], { cwd: CHECKOUT, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`npm run deb failed:\n${built.stdout}\n${built.stderr}`);
    deb = readdirSync(CHECKOUT).find((f) => /^quadctl_.*_all\.deb$/.test(f)) ?? '';
    sb = await startSandbox({ registry: true });
    await sb.pushImage('demo/web', '1.0.0', IMAGES.web('1.0.0'));
  }, 180_000);
  afterAll(async () => {
    await sb?.stop();
  });

  test('apt installs it: quadctl on PATH, units, man pages, completions; the generator is not enabled', async () => {
    const apt = await sb.exec(`apt-get install -y --no-install-recommends ${CHECKOUT}/${deb}`, { env: { DEBIAN_FRONTEND: 'noninteractive' }, timeoutMs: 180_000 });
    expectExit(apt, 0);
    expect((await sb.check('command -v quadctl')).trim()).toBe('/usr/bin/quadctl');
    expect((await sb.check('head -1 /usr/lib/quadctl/bin/quadctl /usr/lib/quadctl/bin/quadctl-generator.cjs')).match(/#!.*/g)).toEqual(['#!/usr/bin/node', '#!/usr/bin/node']);
    // Only root may write what root runs.
    expect((await sb.exec('find /usr/lib/quadctl ! -user root -o -perm /022 ! -type l')).stdout).toBe('');
    expect((await sb.check('env -i /usr/bin/quadctl --version')).trim()).toMatch(/^\d+\.\d+\.\d+/);
    const listed = spawnSync('dpkg-deb', ['-c', join(CHECKOUT, deb)], { encoding: 'utf8' }).stdout;
    // The generator's code cache is not shipped: postinst makes it for Debian's node, and a
    // trigger makes it again when the nodejs package changes /usr/bin/node.
    expect(listed).not.toMatch(/\.cache$/m);
    const cache = '/usr/lib/quadctl/dist/quadctl-generator.cjs.$(/usr/bin/node --version).cache';
    expect(await sb.check('QUADCTL_GENERATOR_CODE_CACHE=report /usr/lib/quadctl/quadctl-generator --dryrun 2>&1 >/dev/null')).toMatch(/code cache .*: used$/m);
    await sb.check(`rm ${cache} && dpkg-trigger --no-await /usr/bin/node && dpkg --triggers-only --pending && test -f ${cache}`);
    for (const page of ['man1/quadctl.1.gz', 'man5/quadctl.ini.5.gz', 'man8/quadctl-generator.8.gz']) expect(listed).toContain(`./usr/share/man/${page}`);
    // Where the system keeps man pages (minimal images tell dpkg to drop them), man finds ours.
    if ((await sb.exec('command -v man && ! grep -rqs "path-exclude=/usr/share/man" /etc/dpkg/dpkg.cfg.d')).code === 0) {
      expect(await sb.check('man -w quadctl quadctl.ini quadctl-generator')).toMatch(/man1\/quadctl\.1\.gz\n.*man5\/quadctl\.ini\.5\.gz\n.*man8\/quadctl-generator\.8\.gz/);
    }
    await sb.check('test -f /usr/share/bash-completion/completions/quadctl -a -f /usr/share/zsh/vendor-completions/_quadctl -a -f /usr/share/fish/vendor_completions.d/quadctl.fish');
    expect(await sb.check('systemctl cat quadctl-update.service')).toMatch(/^ExecStart=\/usr\/bin\/quadctl update$/m);
    expect((await sb.exec('ls /etc/systemd/system-generators /usr/lib/systemd/system-generators 2>/dev/null')).stdout).not.toMatch(/quadctl/);
  }, 240_000);

  test("the README's tour with the installed quadctl: validate, generate, diff, apply, update, timer, history", async () => {
    const image = sb.imageRef('demo/web', '1.0.0');
    await sb.writeFile('/root/quadctl.ini', `[network.backend]\n\n[volume.data]\n\n[container.web]\nImage = ${image}\nNetwork = backend\nVolume = data:/srv/data\nPublishPort = 8080:8080\nupdate.policy = patch          ; follow 1.0.x tags\n`);
    const q = (args: string, timeoutMs = 240_000) => sb.exec(`cd /root && quadctl ${args}`, { timeoutMs });
    expect((await q('validate -c quadctl.ini')).code).toBe(0);
    expect((await q('generate -c quadctl.ini -o -')).stdout).toContain(image);
    expect((await q('diff -c quadctl.ini')).stdout).toContain('web');
    const apply = await q('apply -c quadctl.ini --now');
    expectExit(apply, 0);
    expect(await sb.httpGet('http://127.0.0.1:8080/')).toBe('1.0.0\n');

    await sb.pushImage('demo/web', '1.0.1', IMAGES.web('1.0.1'));
    expect((await q('update --dry-run')).stdout).toContain('1.0.1');
    // The shipped service, as the timer starts it: Debian's node, /usr/bin/quadctl.
    await sb.check('systemctl start quadctl-update.service', { timeoutMs: 240_000 });
    expect(await sb.httpGet('http://127.0.0.1:8080/')).toBe('1.0.1\n');
    expect((await q('history')).stdout).toMatch(/web.*1\.0\.0.*1\.0\.1/s);

    const back = await q('rollback web.service --json');
    expect(parseJsonOutput('rollback', back.stdout)).toMatchObject({ unit: 'web.service', to: expect.objectContaining({ image: image }) });
    expect(await sb.httpGet('http://127.0.0.1:8080/')).toBe('1.0.0\n');

    // The shipped timer as is, or quadctl's own copy with a schedule.
    await sb.check('systemctl enable --now quadctl-update.timer');
    expect((await sb.check('systemctl is-enabled quadctl-update.timer')).trim()).toBe('enabled');
    expect(parseJsonOutput('timer-status', (await q('timer status --json')).stdout)).toMatchObject({ enabled: true, active: true });
    await sb.check('systemctl disable --now quadctl-update.timer');
    const enabled = parseJsonOutput<{ installed: string[] }>('timer-enable', (await q("timer enable --on-calendar 'Sun 03:00' --json")).stdout);
    expect(enabled.installed).toContain('/etc/systemd/system/quadctl-update.timer');
    expect(await sb.check('systemctl cat quadctl-update.service')).toMatch(/^ExecStart=\/usr\/bin\/node \/usr\/lib\/quadctl\/bin\/quadctl update$/m);
    expect(parseJsonOutput('timer-disable', (await q('timer disable --json')).stdout)).toMatchObject({ removed: expect.arrayContaining(['/etc/systemd/system/quadctl-update.timer']) });
  }, 600_000);

  test('under systemd, errors reach the journal at priority err; the units link their man pages', async () => {
    await sb.exec('systemd-run --wait --collect -p SyslogIdentifier=quadctl-prio /usr/bin/quadctl validate -c /nonexistent.ini');
    await sb.check('journalctl --sync');
    expect(await sb.check('journalctl -o cat -p err -t quadctl-prio')).toContain('quadctl validate: cannot read config /nonexistent.ini');
    expect(await sb.check('systemctl show -p Documentation quadctl-update.service quadctl-update.timer')).toMatch(/man:quadctl\(1\)[\s\S]*man:quadctl\(1\)/);
  }, 60_000);

  testOn(['bookworm'], 'Podman 5 has its own Quadlet generator; the docs say to enable quadctl-generator only where Podman has none')('the generator, once linked as the docs say, writes units from Quadlet files', async () => {
    await sb.writeFile('/etc/containers/systemd/gen.container', `[Container]\nImage=${sb.imageRef('demo/web', '1.0.0')}\n`);
    const out = await sb.check('mkdir -p /etc/systemd/system-generators && ln -sf /usr/lib/quadctl/quadctl-generator /etc/systemd/system-generators/quadctl-generator && systemctl daemon-reload && systemctl cat gen.service');
    expect(out).toMatch(/^ExecStart=.*podman run .*demo\/web:1\.0\.0/m);
  }, 120_000);
});
