// The generator's unit writer: large runs hand their writes to a thread (the script
// the build makes of src/adapters/generator/writer-thread.ts, bundled here the same
// way), and the result on disk is the same as writing in line: every unit, every link,
// each write error reported against its unit, and a thread that dies costs nothing.
import { buildSync } from 'esbuild';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dirPrefix, openUnitWriter } from '../../../src/adapters/generator';
import { THREAD_FROM_UNITS } from '../../../src/adapters/generator/unit-writer';
import type { UnitWrite } from '../../../src/adapters/generator/write-output';

let work: string;
let threadFile: string;
beforeAll(() => {
  threadFile = join(mkdtempSync(join(tmpdir(), 'quadctl-writer-thread-')), 'quadctl-generator-writer.cjs');
  buildSync({ entryPoints: ['src/adapters/generator/writer-thread.ts'], outfile: threadFile, bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning' });
});
afterAll(() => rmSync(join(threadFile, '..'), { recursive: true, force: true }));
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'quadctl-unit-writer-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const listing = (dir: string): string[] => readdirSync(dir, { recursive: true }).map(String).sort();

function units(outDir: string, n: number): UnitWrite[] {
  const outPrefix = dirPrefix(outDir);
  return Array.from({ length: n }, (_, i) => ({
    path: `${outPrefix}app${i}.service`,
    text: `[Unit]\nDescription=app ${i} ✓\n`,
    outPrefix,
    links: [
      { link: `multi-user.target.wants/app${i}.service`, target: `../app${i}.service` },
      { link: `default.target.wants/app${i}.service`, target: `../app${i}.service` },
    ],
  }));
}

async function writeAll(writes: readonly UnitWrite[], file: string): Promise<{ inLine: string[]; later: string[] }> {
  const writer = openUnitWriter(writes.length, file);
  const inLine = writes.flatMap((w) => writer.write(w) ?? []);
  return { inLine, later: await writer.finish() };
}

test('many units through the thread land exactly as units written in line', async () => {
  const n = THREAD_FROM_UNITS + 37; // not a whole number of batches
  const threaded = await writeAll(units(join(work, 'threaded'), n), threadFile);
  const inLine = await writeAll(units(join(work, 'inline'), n), join(work, 'no-such-thread.cjs'));
  expect(threaded).toEqual({ inLine: [], later: [] });
  expect(inLine).toEqual({ inLine: [], later: [] });
  const files = listing(join(work, 'threaded'));
  expect(files).toEqual(listing(join(work, 'inline')));
  expect(files).toHaveLength(3 * n + 2);
  expect(readFileSync(join(work, 'threaded', `app${n - 1}.service`), 'utf8')).toBe(`[Unit]\nDescription=app ${n - 1} ✓\n`);
  expect(readlinkSync(join(work, 'threaded', 'default.target.wants', 'app0.service'))).toBe('../app0.service');
});

test('a unit the thread cannot write is reported by finish(), naming it, and the others are written', async () => {
  const out = join(work, 'out');
  const writes = units(out, THREAD_FROM_UNITS);
  mkdirSync(join(out, 'app7.service'), { recursive: true }); // a folder where the file should go
  writeFileSync(join(out, 'app7.service', 'keep'), '');
  const result = await writeAll(writes, threadFile);
  expect(result.inLine).toEqual([]);
  expect(result.later).toEqual([expect.stringMatching(new RegExp(`^writing "${out}/app7.service": .*EISDIR`))]);
  expect(readFileSync(join(out, 'app8.service'), 'utf8')).toContain('app 8');
});

test('a thread that dies is replaced by writing everything in line', async () => {
  const broken = join(work, 'broken-thread.cjs');
  writeFileSync(broken, "throw new Error('the writer thread broke');\n");
  const writes = units(join(work, 'out'), THREAD_FROM_UNITS);
  expect(await writeAll(writes, broken)).toEqual({ inLine: [], later: [] });
  expect(listing(join(work, 'out'))).toHaveLength(3 * THREAD_FROM_UNITS + 2);
});

test('a small run writes in line and reports each error at once', async () => {
  const out = join(work, 'out');
  mkdirSync(join(out, 'app1.service'), { recursive: true });
  writeFileSync(join(out, 'app1.service', 'keep'), '');
  const result = await writeAll(units(out, 3), threadFile);
  expect(result.inLine).toEqual([expect.stringMatching(/^writing ".*\/app1\.service": .*EISDIR/)]);
  expect(result.later).toEqual([]);
  expect(readFileSync(join(out, 'app2.service'), 'utf8')).toContain('app 2');
});
