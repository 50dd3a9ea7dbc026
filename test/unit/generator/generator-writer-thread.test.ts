// The built generator on a run large enough for its writer thread writes exactly what
// it writes in line (the same build copied without the thread's script), and says so
// with the same exit code and messages, including a unit it cannot write.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { THREAD_FROM_UNITS } from '../../../src/adapters/generator/unit-writer';
import { outputTree } from './output-tree';

const root = join(__dirname, '..', '..', '..');
let work: string;
beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'quadctl-generator-writer.cjs'))) {
    expect(spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' }).status).toBe(0);
  }
  work = mkdtempSync(join(tmpdir(), 'quadctl-generator-thread-'));
  // The same build without the thread's script: the generator then writes in line.
  mkdirSync(join(work, 'inline', 'bin'), { recursive: true });
  mkdirSync(join(work, 'inline', 'dist'));
  copyFileSync(join(root, 'bin', 'quadctl-generator.cjs'), join(work, 'inline', 'bin', 'quadctl-generator.cjs'));
  copyFileSync(join(root, 'dist', 'quadctl-generator.cjs'), join(work, 'inline', 'dist', 'quadctl-generator.cjs'));
  const units = join(work, 'units');
  mkdirSync(units);
  writeFileSync(join(units, 'shared.network'), '[Network]\nSubnet=10.77.0.0/16\n');
  for (let i = 0; i < THREAD_FROM_UNITS + 50; i++) {
    const install = i % 2 === 0 ? '\n[Install]\nWantedBy=multi-user.target default.target\n' : '';
    writeFileSync(join(units, `app${i}.container`), `[Container]\nImage=quay.io/example/app:${i}\nNetwork=shared.network\nExec=/srv "app ${i}"\n${install}`);
  }
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function generate(generator: string, out: string): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [generator, '--no-kmsg-log', out], {
    env: { PATH: process.env.PATH, QUADLET_UNIT_DIRS: join(work, 'units'), QUADCTL_GENERATOR_CONF: '/nonexistent' },
    encoding: 'utf8',
  });
  return { status: r.status, stderr: r.stderr.replace(/\[\d+\]/g, '[PID]').replace(/\.tmp-\d+-/g, '.tmp-PID-') };
}

test('the threaded writes are the in-line writes', () => {
  const threaded = generate(join(root, 'bin', 'quadctl-generator.cjs'), join(work, 'out-threaded'));
  const inline = generate(join(work, 'inline', 'bin', 'quadctl-generator.cjs'), join(work, 'out-inline'));
  expect(threaded).toEqual({ status: 0, stderr: '' });
  expect(inline).toEqual(threaded);
  const written = outputTree(join(work, 'out-threaded'));
  expect(Object.keys(written).filter((n) => n.endsWith('.service') && !n.includes('/'))).toHaveLength(THREAD_FROM_UNITS + 51);
  expect(written['default.target.wants/app0.service']).toBe('-> ../app0.service');
  expect(outputTree(join(work, 'out-inline'))).toEqual(written);
});

test('a unit it cannot write is reported the same way, and the rest are written', () => {
  const outs = ['out-bad-threaded', 'out-bad-inline'].map((d) => join(work, d));
  for (const out of outs) mkdirSync(join(out, 'app3.service', 'blocker'), { recursive: true });
  const threaded = generate(join(root, 'bin', 'quadctl-generator.cjs'), outs[0]);
  const inline = generate(join(work, 'inline', 'bin', 'quadctl-generator.cjs'), outs[1]);
  expect(threaded.status).toBe(1);
  expect(threaded.stderr).toMatch(/writing ".*\/app3\.service": .*EISDIR/);
  expect(inline.stderr.replaceAll(outs[1], 'OUT')).toBe(threaded.stderr.replaceAll(outs[0], 'OUT'));
  expect(readFileSync(join(outs[0], 'app4.service'), 'utf8')).toContain('app:4');
});
