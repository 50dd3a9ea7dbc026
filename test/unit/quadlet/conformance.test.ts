// Runs Podman's own Quadlet e2e cases against bin/quadctl-generator.cjs: the v5.4.2 suite
// with PodmanVersion=5.4.2 and the v5.8.2 suite (in v5.8.2/) with PodmanVersion=5.8.6,
// quadctl told the version through its settings file as a user would.
// CI sets QUADCTL_CONFORMANCE_DIR; without it the suite is skipped (or fails when
// QUADCTL_E2E=required, so CI cannot silently lose it).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const casesDir = process.env.QUADCTL_CONFORMANCE_DIR;
const required = process.env.QUADCTL_E2E === 'required';

const SUITES = [
  { name: 'v5.4.2', dir: (base: string) => base, podman: '5.4.2', cases: 247 },
  { name: 'v5.8.2', dir: (base: string) => join(base, 'v5.8.2'), podman: '5.8.6', cases: 297 },
];

describe('Quadlet conformance cases', () => {
  if (!casesDir && required) {
    test('QUADCTL_CONFORMANCE_DIR must be set when QUADCTL_E2E=required', () => {
      expect(casesDir).toBeDefined();
    });
    return;
  }
  if (!casesDir) {
    test.skip('bin/quadctl-generator.cjs passes every case (skipped: QUADCTL_CONFORMANCE_DIR is not set)', () => undefined);
    return;
  }
  const base = casesDir;

  beforeAll(() => {
    expect(spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' }).status).toBe(0);
  }, 300_000);

  test.each(SUITES)('the $name suite passes with PodmanVersion=$podman', ({ name, dir, podman, cases }) => {
    const suite = dir(base);
    expect(existsSync(join(suite, 'index.tsv'))).toBe(true);
    const confDir = mkdtempSync(join(tmpdir(), 'quadctl-conformance-'));
    try {
      const conf = join(confDir, 'generator.conf');
      writeFileSync(conf, `[Generator]\nPodmanVersion=${podman}\n`);
      const result = spawnSync(join(base, 'run'), [suite, join(root, 'bin', 'quadctl-generator.cjs'), '--verbose'], {
        cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, QUADCTL_GENERATOR_CONF: conf },
      });
      const out = result.stdout + result.stderr;
      const byType = out.split('\n').find((l) => l.startsWith('by type:')) ?? '(no per-type line)';
      const summary = out.match(/(\d+) passed, (\d+) failed/);
      console.log(`quadlet conformance ${name} (PodmanVersion=${podman}) ${byType}\n${summary?.[0] ?? out}`);
      expect(summary).not.toBeNull();
      expect(out.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual([]);
      expect(summary?.slice(1)).toEqual([String(cases), '0']);
    } finally {
      rmSync(confDir, { recursive: true, force: true });
    }
  }, 600_000);
});
