// The bad-input corpus: every malformed config in test/fixtures/bad-configs has
// the exact messages it must produce beside it (NAME.expected). The loader must
// report exactly those (all at once, each with file:line and key), and the CLI
// must exit 2 without writing a single file, for generate and for apply.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { formatIssue, loadConfig } from '../../../src/config';

const ROOT = join(__dirname, '..', '..', '..');
const DIR = join(ROOT, 'test', 'fixtures', 'bad-configs');
const CASES = readdirSync(DIR).filter((f) => f.endsWith('.ini')).sort();
const expectedFor = (file: string): string[] => readFileSync(join(DIR, file.replace(/\.ini$/, '.expected')), 'utf8').split('\n').filter(Boolean);
const run = promisify(execFile);

test('the corpus holds at least 30 malformed configs, each with its expected errors', () => {
  expect(CASES.length).toBeGreaterThanOrEqual(30);
  for (const c of CASES) expect(expectedFor(c).length).toBeGreaterThan(0);
});

describe.each(CASES)('%s', (file) => {
  test('the loader reports exactly the expected errors and no config', () => {
    const { config, issues } = loadConfig(readFileSync(join(DIR, file), 'utf8'), { file, env: {} });
    expect(config).toBeUndefined();
    expect(issues.map(formatIssue)).toEqual(expectedFor(file));
    for (const i of issues) expect(i.line).toBeGreaterThan(0);
  });
});

describe('the CLI on the corpus', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'quadctl-bad-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  const exitOf = async (args: string[]): Promise<{ code: number; stderr: string }> => {
    try {
      const r = await run('node', [join(ROOT, 'bin', 'quadctl'), ...args], { cwd: DIR, env: { PATH: process.env.PATH ?? '' } });
      return { code: 0, stderr: r.stderr };
    } catch (e) {
      const err = e as { code: number; stderr: string };
      return { code: err.code, stderr: err.stderr };
    }
  };

  test('generate and apply exit 2, print every expected error, and write nothing', async () => {
    const jobs = CASES.flatMap((file) => {
      const out = join(scratch, file, 'out');
      const dir = join(scratch, file, 'dir');
      return [
        () => exitOf(['generate', '-c', file, '-o', out, '--target', 'quadlet']).then((r) => ({ file, r, written: existsSync(out) })),
        () => exitOf(['apply', '-c', file, '--dir', dir, '--target', 'quadlet']).then((r) => ({ file, r, written: existsSync(dir) })),
      ];
    });
    const results = [];
    for (let i = 0; i < jobs.length; i += 4) results.push(...(await Promise.all(jobs.slice(i, i + 4).map((j) => j()))));
    for (const { file, r, written } of results) {
      expect({ file, code: r.code, written, stderr: r.code === 2 ? '' : r.stderr }).toEqual({ file, code: 2, written: false, stderr: '' });
      for (const line of expectedFor(file)) expect(r.stderr).toContain(line);
    }
  }, 120_000);
});
