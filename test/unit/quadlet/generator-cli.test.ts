// The generator executable end to end on temporary folders: argv, drop-ins,
// templates, [Install] symlinks, errors and exit codes.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, existsSync, writeFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const bin = join(root, 'bin', 'quadctl-generator.cjs');
let work: string;

beforeAll(() => {
  expect(spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' }).status).toBe(0);
});
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'quadctl-gen-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

function files(spec: Record<string, string>): string {
  const units = join(work, 'units');
  for (const [name, text] of Object.entries(spec)) {
    mkdirSync(dirname(join(units, name)), { recursive: true });
    writeFileSync(join(units, name), text);
  }
  return units;
}

function generate(units: string, ...args: string[]) {
  const out = join(work, 'out');
  const r = spawnSync(process.execPath, [bin, '--no-kmsg-log', ...args, out], {
    env: { ...process.env, QUADLET_UNIT_DIRS: units }, encoding: 'utf8',
  });
  const read = (name: string): string => readFileSync(join(out, name), 'utf8');
  return { status: r.status, stderr: r.stderr, stdout: r.stdout, out, read };
}

describe('quadctl-generator', () => {
  test('drop-ins merge in name order; the most specific folder wins a same-named file', () => {
    const units = files({
      'web-app.container': '[Container]\nImage=quay.io/x\nEnvironment=MAIN=1\n',
      'container.d/10-all.conf': '[Container]\nEnvironment=ALL=1 OVER=typewide\n',
      'web-.container.d/20-prefix.conf': '[Container]\nEnvironment=PREFIX=1\n',
      'web-app.container.d/10-all.conf': '[Container]\nEnvironment=OVER=specific\n',
    });
    const r = generate(units);
    expect(r.status).toBe(0);
    const exec = r.read('web-app.service');
    expect(exec).toContain('--env MAIN=1 --env OVER=specific --env PREFIX=1');
    expect(exec).not.toContain('ALL=1');
  });

  test('templates and instances, with the template drop-ins applying to the instance', () => {
    const units = files({
      'sleep@.container': '[Container]\nImage=quay.io/x\nExec=sleep %i\n[Install]\nWantedBy=multi-user.target\nDefaultInstance=100\n',
      'sleep@.container.d/env.conf': '[Container]\nEnvironment=T=1\n',
      'sleep@10.container': '[Container]\nImage=quay.io/x\nExec=sleep %i\n[Install]\nWantedBy=multi-user.target\n',
      'sleep@10.container.d/image.conf': '[Container]\nImage=quay.io/other\n',
    });
    const r = generate(units);
    expect(r.status).toBe(0);
    expect(r.read('sleep@.service')).toContain('--name systemd-%p_%i');
    expect(r.read('sleep@10.service')).toMatch(/--env T=1 quay.io\/other sleep %i/);
    expect(readlinkSync(join(r.out, 'multi-user.target.wants/sleep@100.service'))).toBe('../sleep@.service');
    expect(readlinkSync(join(r.out, 'multi-user.target.wants/sleep@10.service'))).toBe('../sleep@10.service');
  });

  test('[Install] writes wants/requires symlinks and aliases', () => {
    const units = files({ 'web.container': '[Container]\nImage=quay.io/x\n[Install]\nWantedBy=default.target\nRequiredBy=x.service\nAlias=www.service\n' });
    const r = generate(units);
    expect(readlinkSync(join(r.out, 'default.target.wants/web.service'))).toBe('../web.service');
    expect(readlinkSync(join(r.out, 'x.service.requires/web.service'))).toBe('../web.service');
    expect(readlinkSync(join(r.out, 'www.service'))).toBe('web.service');
  });

  test('a file that does not parse is reported with its line and takes its folder with it, as in Quadlet', () => {
    const units = files({
      'bad.container': '[Container]\nImage=quay.io/x\nnot a pair\n',
      'same-folder.container': '[Container]\nImage=quay.io/x\n',
      'sub/nokey.container': '[Container]\nImage=quay.io/x\nBogus=1\n',
      'sub/good.container': '[Container]\nImage=quay.io/x\n',
    });
    const r = generate(units);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`error loading "${join(units, 'bad.container')}", file contains line 3: “not a pair”`);
    expect(r.stderr).toContain(`converting "nokey.container": unsupported key 'Bogus' in group 'Container'`);
    expect(existsSync(join(r.out, 'good.service'))).toBe(true);
    expect(existsSync(join(r.out, 'bad.service'))).toBe(false);
    expect(existsSync(join(r.out, 'same-folder.service'))).toBe(false);
    expect(existsSync(join(r.out, 'nokey.service'))).toBe(false);
  });

  test('a file holding a NUL byte is refused by name, without a stack trace; its folder still counts', () => {
    const units = files({
      'nul.container': '[Container]\nImage=quay.io/x\nLabel=a=\0b\n',
      'good.container': '[Container]\nImage=quay.io/x\n',
    });
    const r = generate(units);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`error loading "${join(units, 'nul.container')}", line 3 holds a NUL byte`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(r.out, 'good.service'))).toBe(true);
    expect(existsSync(join(r.out, 'nul.service'))).toBe(false);
  });

  test('sub-folders are searched, a symlink loop is walked once, the first file of a name wins', () => {
    const units = files({
      'a/web.container': '[Container]\nImage=quay.io/first\n',
      'b/web.container': '[Container]\nImage=quay.io/second\n',
      'b/deep/db.container': '[Container]\nImage=quay.io/db\n',
    });
    symlinkSync('..', join(units, 'b', 'deep', 'loop'));
    const r = generate(units);
    expect(r.status).toBe(0);
    expect(r.read('web.service')).toContain('quay.io/first');
    expect(r.read('db.service')).toContain('quay.io/db');
  });

  test('-dryrun prints the units and writes nothing', () => {
    const units = files({ 'web.container': '[Container]\nImage=quay.io/x\n' });
    const out = join(work, 'out');
    const r = spawnSync(process.execPath, [bin, '-dryrun'], { env: { ...process.env, QUADLET_UNIT_DIRS: units }, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^---web\.service---\n\[X-Container\]/);
    expect(existsSync(out)).toBe(false);
  });

  test('-dryrun into a pipe whose reader is slow still prints every unit (more than the pipe holds)', () => {
    const spec: Record<string, string> = {};
    for (let i = 0; i < 300; i++) spec[`app${i}.container`] = `[Container]\nImage=quay.io/x\nEnvironment=N=${i}\n`;
    const units = files(spec);
    const env = { ...process.env, QUADLET_UNIT_DIRS: units };
    const whole = spawnSync(process.execPath, [bin, '-dryrun'], { env, encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(Buffer.byteLength(whole.stdout)).toBeGreaterThan(65536);
    // The reader starts late, so the generator finds the pipe full before it exits.
    const piped = spawnSync('sh', ['-c', `"$0" "$1" -dryrun | { sleep 0.5; wc -c; }`, process.execPath, bin], { env, encoding: 'utf8' });
    expect(Number(piped.stdout.trim())).toBe(Buffer.byteLength(whole.stdout));
  });

  test('--user waits for the user network-online helper', () => {
    const units = files({ 'web.container': '[Container]\nImage=quay.io/x\n' });
    expect(generate(units, '--user').read('web.service')).toContain('Wants=podman-user-wait-network-online.service');
  });

  test('usage errors exit 2, a missing output folder exits 1, -version exits 0', () => {
    expect(spawnSync(process.execPath, [bin, '-bogus'], { encoding: 'utf8' }).status).toBe(2);
    const missing = (podman: string) => {
      const conf = join(work, `generator-${podman}.conf`);
      writeFileSync(conf, `[Generator]\nPodmanVersion=${podman}\n`);
      const r = spawnSync(process.execPath, [bin, '--no-kmsg-log'], { encoding: 'utf8', env: { ...process.env, QUADCTL_GENERATOR_CONF: conf } });
      return { status: r.status, lines: r.stderr.split('\n').filter(Boolean).map((l) => l.replace(/^[\w.-]+\[\d+\]: /, '')) };
    };
    // Quadlet's own words; 5.5 and newer end a failed run with a summary line.
    expect(missing('5.8.6')).toEqual({ status: 1, lines: ['missing output directory argument', 'processing encountered some errors'] });
    expect(missing('5.4.2')).toEqual({ status: 1, lines: ['missing output directory argument'] });
    const v = spawnSync(process.execPath, [bin, '-version'], { encoding: 'utf8' });
    expect(v.status).toBe(0);
    expect(v.stdout).toMatch(/Quadlet 5\.4/);
  });
});
