// Bad arguments are usage errors (exit 2) that name the option and the value,
// found before anything runs; a reader that closes the pipe early is no error.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const QUADCTL = join(ROOT, 'bin', 'quadctl');
let state: string;
beforeAll(() => {
  state = mkdtempSync(join(tmpdir(), 'quadctl-args-'));
});
afterAll(() => rmSync(state, { recursive: true, force: true }));

function quadctl(args: string[], env: Record<string, string> = {}): { status: number | null; stderr: string; stdout: string } {
  return spawnSync(process.execPath, [QUADCTL, ...args], { encoding: 'utf8', env: { ...process.env, QUADCTL_STATE_DIR: state, ...env } });
}

test.each([
  [['update', '--wait', 'abc'], /--wait must be a number of seconds, not "abc"/],
  [['update', '--concurrency', '0'], /--concurrency must be a whole number, at least 1, not "0"/],
  [['update', '--concurrency', 'abc'], /--concurrency must be a whole number, at least 1, not "abc"/],
  [['update', '--pull-timeout', '0'], /--pull-timeout must be a number of seconds, at least 1/],
  [['update', '--deadline', 'soon'], /--deadline must be a number of seconds, at least 1, not "soon"/],
  [['update', '--history-keep', '-1'], /--history-keep must be a whole number of entries, not "-1"/],
  [['rollback', 'web', '--wait', 'x'], /--wait must be a number of seconds, not "x"/],
  // hold, unhold and forget share rollback's options: --wait was once NaN there (hold went on, exit 0).
  [['hold', 'web', '--wait', 'abc'], /--wait must be a number of seconds, not "abc"/],
  [['unhold', 'web', '--wait', 'x'], /--wait must be a number of seconds, not "x"/],
  [['forget', 'web', '--wait', '-1'], /--wait must be a number of seconds, not "-1"/],
  [['check', 'nginx', '--concurrency', '0'], /--concurrency must be a whole number, at least 1/],
  [['history', '--limit', 'many'], /--limit must be a whole number of entries, not "many"/],
])('%j: exit 2 naming the option and value, no stack trace', (args, message) => {
  const r = quadctl(args);
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
});

test('a bad QUADCTL_PULL_TIMEOUT is a usage error too', () => {
  const r = quadctl(['update', '--dry-run'], { QUADCTL_PULL_TIMEOUT: 'abc' });
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/QUADCTL_PULL_TIMEOUT must be a number of seconds above 0, not "abc"/);
});

test('generate -o - | head -1: the reader closing the pipe ends quietly', () => {
  // More output than a pipe holds, so quadctl is still writing when head has gone.
  const config = join(state, 'big.ini');
  writeFileSync(config, `[container.web]\nImage = docker.io/library/nginx:1\n${Array.from({ length: 10_000 }, (_, i) => `Environment = K${i}=${'v'.repeat(20)}`).join('\n')}\n`);
  const r = spawnSync('bash', ['-c', `set -o pipefail; node ${QUADCTL} generate -c ${config} --target quadlet -o - | head -1`], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(r.stdout.split('\n')[0]).toMatch(/^---/);
  expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
});
