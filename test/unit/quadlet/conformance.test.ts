// Runs Podman's own Quadlet e2e cases (v5.4.2) against bin/quadctl-generator.
// CI sets QUADCTL_CONFORMANCE_DIR; without it the suite is skipped (or fails when
// QUADCTL_E2E=required, so CI cannot silently lose it).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const casesDir = process.env.QUADCTL_CONFORMANCE_DIR;
const required = process.env.QUADCTL_E2E === 'required';

describe('Quadlet conformance cases', () => {
  if (!casesDir && required) {
    test('QUADCTL_CONFORMANCE_DIR must be set when QUADCTL_E2E=required', () => {
      expect(casesDir).toBeDefined();
    });
    return;
  }
  if (!casesDir) {
    test.skip('bin/quadctl-generator passes every case (skipped: QUADCTL_CONFORMANCE_DIR is not set)', () => undefined);
    return;
  }

  test('bin/quadctl-generator passes every case', () => {
    expect(existsSync(join(casesDir, 'run'))).toBe(true);
    expect(spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' }).status).toBe(0);
    const result = spawnSync(join(casesDir, 'run'), [casesDir, join(root, 'bin', 'quadctl-generator'), '--verbose'], {
      cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
    });
    const out = result.stdout + result.stderr;
    const byType = out.split('\n').find((l) => l.startsWith('by type:')) ?? '(no per-type line)';
    const summary = out.match(/(\d+) passed, (\d+) failed/);
    console.log(`quadlet conformance ${byType}\n${summary?.[0] ?? out}`);
    expect(summary).not.toBeNull();
    const failures = out.split('\n').filter((l) => l.startsWith('FAIL'));
    expect(failures).toEqual([]);
    expect(summary?.[2]).toBe('0');
  }, 600_000);
});
