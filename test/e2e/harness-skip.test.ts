/**
 * On a machine without the real-system prerequisites (simulated by hiding them from
 * PATH) the e2e suites are skipped with one line saying what is missing, and the run
 * passes; with QUADCTL_E2E=required the same run fails. Runs everywhere: it needs only
 * jest itself.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { CHECKOUT, currentSystem } from '../harness';

/** Needed on every system. */
const HIDDEN = ['htpasswd', 'busybox', 'unshare'];
/** How the skip line names them. */
const NAMED = ['htpasswd (apache2-utils)', 'busybox-static', 'unshare (util-linux)'];

/** A directory with every command on PATH except the hidden ones. */
function pathWithout(hidden: string[]): { path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'quadctl-skip-path-'));
  for (const source of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    let names: string[] = [];
    try {
      names = readdirSync(source);
    } catch {
      continue;
    }
    for (const name of names) {
      if (hidden.includes(name)) continue;
      try {
        symlinkSync(join(source, name), join(dir, name));
      } catch {
        // an earlier PATH entry already provides it
      }
    }
  }
  return { path: dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function jestWithout(env: Record<string, string>) {
  const hidden = pathWithout(HIDDEN);
  try {
    const run = spawnSync(
      process.execPath,
      [
        join(CHECKOUT, 'node_modules/jest/bin/jest.js'),
        '--globalSetup',
        './test/harness/global-setup.ts',
        '--maxWorkers=2',
        'test/e2e/harness.test.ts',
        'test/e2e/harness-teardown.test.ts',
      ],
      // Alone: not told of `npm test`'s matrix, nor that an earlier pass printed the line.
      { cwd: CHECKOUT, encoding: 'utf8', env: { ...process.env, QUADCTL_E2E_SKIP_REPORTED: '', QUADCTL_E2E_MATRIX: '', ...env, PATH: hidden.path }, timeout: 120_000 },
    );
    return { code: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    hidden.remove();
  }
}

describe('harness: a machine without the prerequisites', () => {
  test('skips the real-system suites with one line naming what is missing', () => {
    const { code, output } = jestWithout({ QUADCTL_E2E: '' });
    const lines = output.split('\n').filter((l) => l.startsWith('quadctl e2e: skipping'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`skipping real-system tests on ${currentSystem().name}`);
    for (const name of NAMED) expect(lines[0]).toContain(name);
    expect(lines[0]).toContain('run as root to enable');
    expect(output).toMatch(/Tests:\s+\d+ skipped, \d+ total/);
    expect(code).toBe(0);
  }, 120_000);

  test('fails instead when QUADCTL_E2E=required', () => {
    const { code, output } = jestWithout({ QUADCTL_E2E: 'required' });
    const failure = output.split('\n').find((l) => l.includes('QUADCTL_E2E=required but missing:')) ?? '';
    for (const name of NAMED) expect(failure).toContain(name);
    expect(output).not.toContain('quadctl e2e: skipping');
    expect(code).not.toBe(0);
  }, 120_000);
});
