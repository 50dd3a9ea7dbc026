// The generator's code cache only ever makes it faster: written by bin/quadctl-generator-cache
// for the Node that runs it, used when intact, and a damaged, truncated or foreign cache
// means an ordinary compile with the same units written, never a process aborted inside V8
// (which a damaged cache offered to V8 without a checksum causes).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outputTree } from './output-tree';

const root = join(__dirname, '..', '..', '..');
let work: string;
let install: string;
let cacheFile: string;
let intact: Buffer;
let expected: Record<string, string>;

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'quadctl-generator.cjs'))) {
    expect(spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' }).status).toBe(0);
  }
  work = mkdtempSync(join(tmpdir(), 'quadctl-code-cache-'));
  // An installed copy: the generator, the cache writer and the bundle, no cache yet.
  install = join(work, 'lib');
  mkdirSync(join(install, 'bin'), { recursive: true });
  mkdirSync(join(install, 'dist'));
  for (const f of ['bin/quadctl-generator.cjs', 'bin/quadctl-generator-cache', 'dist/quadctl-generator.cjs']) copyFileSync(join(root, f), join(install, f));
  cacheFile = join(install, 'dist', `quadctl-generator.cjs.${process.version}.cache`);
  const units = join(work, 'units');
  mkdirSync(units);
  writeFileSync(join(units, 'web.container'), '[Container]\nImage=quay.io/example/web:1\nNetwork=app.network\nExec=/srv "a b"\n[Install]\nWantedBy=multi-user.target\n');
  writeFileSync(join(units, 'app.network'), '[Network]\nSubnet=10.77.0.0/16\n');
  const plain = generate('out-plain');
  expect(plain).toMatchObject({ status: 0, cache: 'absent' });
  expected = outputTree(join(work, 'out-plain'));
  expect(Object.keys(expected).sort()).toEqual(['app-network.service', 'multi-user.target.wants/web.service', 'web.service']);
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the installed generator asking it to report on its cache; exit status, the report, and the tree must match. */
function generate(out: string): { status: number | null; cache: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(install, 'bin', 'quadctl-generator.cjs'), '--no-kmsg-log', join(work, out)], {
    env: { PATH: process.env.PATH, QUADLET_UNIT_DIRS: join(work, 'units'), QUADCTL_GENERATOR_CONF: '/nonexistent', QUADCTL_GENERATOR_CODE_CACHE: 'report' },
    encoding: 'utf8',
  });
  const report = /^quadctl-generator: code cache .*: (.*)$/m.exec(r.stderr);
  return { status: r.status, cache: report?.[1] ?? '(no report)', stderr: r.stderr.replace(/^quadctl-generator: code cache .*\n/m, '') };
}

function withCache(bytes: Buffer, out: string): { status: number | null; cache: string; stderr: string } {
  writeFileSync(cacheFile, bytes);
  const r = generate(out);
  expect(outputTree(join(work, out))).toEqual(expected);
  return r;
}

test('the writer makes a cache for this Node, removes those of other Nodes, and the generator uses it', () => {
  const other = join(install, 'dist', 'quadctl-generator.cjs.v0.1.0.cache');
  writeFileSync(other, 'stale');
  const written = spawnSync(process.execPath, [join(install, 'bin', 'quadctl-generator-cache')], { encoding: 'utf8' });
  expect(written.stderr).toBe('');
  expect(written.status).toBe(0);
  expect(written.stdout).toContain(cacheFile);
  expect(existsSync(other)).toBe(false);
  intact = readFileSync(cacheFile);
  expect(withCache(intact, 'out-used')).toEqual({ status: 0, cache: 'used', stderr: '' });
});

test('a cache damaged in either copy is not offered to V8', () => {
  const firstLine = intact.indexOf(10) + 1;
  const size = (intact.length - firstLine) / 2;
  for (const [i, at] of [firstLine + Math.floor(size / 2), firstLine + size + Math.floor(size / 3)].entries()) {
    const damaged = Buffer.from(intact);
    for (let k = 0; k < 64; k++) damaged[at + k] ^= 0x5a;
    expect(withCache(damaged, `out-damaged-${i}`)).toEqual({ status: 0, cache: 'damaged', stderr: '' });
  }
});

test('a truncated cache, or one made for another bundle, is not offered either', () => {
  expect(withCache(intact.subarray(0, intact.length - 1), 'out-truncated')).toMatchObject({ status: 0, cache: 'damaged' });
  expect(withCache(intact.subarray(0, intact.length - 4096), 'out-short')).toMatchObject({ status: 0, cache: 'damaged' });
  const foreign = Buffer.from(intact);
  foreign.write('0000', '// quadctl-generator '.length, 'latin1');
  expect(withCache(foreign, 'out-foreign')).toMatchObject({ status: 0, cache: 'made for another bundle' });
});

test('a cache V8 refuses (made from other source under the same header) still gives the same units', () => {
  // The bundle with a line added at its end keeps its first line, so the header matches;
  // V8 then sees a cache compiled from other source and refuses it.
  const other = join(work, 'other');
  mkdirSync(join(other, 'bin'), { recursive: true });
  mkdirSync(join(other, 'dist'));
  for (const f of ['bin/quadctl-generator.cjs', 'bin/quadctl-generator-cache']) copyFileSync(join(install, f), join(other, f));
  writeFileSync(join(other, 'dist', 'quadctl-generator.cjs'), `${readFileSync(join(install, 'dist', 'quadctl-generator.cjs'), 'latin1')}// edited\n`);
  expect(spawnSync(process.execPath, [join(other, 'bin', 'quadctl-generator-cache')], { encoding: 'utf8' }).status).toBe(0);
  const foreign = readFileSync(join(other, 'dist', `quadctl-generator.cjs.${process.version}.cache`));
  expect(foreign.subarray(0, foreign.indexOf(10))).toEqual(intact.subarray(0, intact.indexOf(10)));
  expect(withCache(foreign, 'out-refused')).toEqual({ status: 0, cache: 'refused by V8', stderr: '' });
});

test('the writer makes the cache for the V8 flags it runs under, which only a run under them uses', () => {
  // bench/generator.sh --instructions counts a run under flags that make it repeatable.
  const flags = ['--hash-seed=7', '--predictable-gc-schedule'];
  const written = spawnSync(process.execPath, [...flags, join(install, 'bin', 'quadctl-generator-cache')], { encoding: 'utf8' });
  expect(written.status).toBe(0);
  const run = (out: string, args: string[]) => {
    const r = spawnSync(process.execPath, [...args, join(install, 'bin', 'quadctl-generator.cjs'), '--no-kmsg-log', join(work, out)], {
      env: { PATH: process.env.PATH, QUADLET_UNIT_DIRS: join(work, 'units'), QUADCTL_GENERATOR_CONF: '/nonexistent', QUADCTL_GENERATOR_CODE_CACHE: 'report' },
      encoding: 'utf8',
    });
    expect(outputTree(join(work, out))).toEqual(expected);
    return /code cache .*: (.*)$/m.exec(r.stderr)?.[1];
  };
  expect(run('out-flags', flags)).toBe('used');
  expect(run('out-no-flags', [])).toBe('refused by V8');
  writeFileSync(cacheFile, intact);
});
