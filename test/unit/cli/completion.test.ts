// `quadctl completion SHELL` prints a script that completes commands and options
// by asking quadctl itself; bash runs here, zsh and fish where installed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');
let bin: string;
beforeAll(() => {
  bin = mkdtempSync(join(tmpdir(), 'quadctl-completion-'));
  symlinkSync(join(ROOT, 'bin', 'quadctl'), join(bin, 'quadctl'));
});
afterAll(() => rmSync(bin, { recursive: true, force: true }));

const quadctl = (...args: string[]): string => spawnSync(process.execPath, [join(ROOT, 'bin', 'quadctl'), ...args], { encoding: 'utf8' }).stdout;

function bashComplete(words: string[]): string[] {
  const script = `source <(quadctl completion bash)
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}
_quadctl_completions; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const node = join(process.execPath, '..');
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { PATH: `${bin}:${node}:/usr/bin:/bin`, HOME: bin } });
  return r.stdout.split('\n').filter(Boolean).sort();
}

test('bash completes command names and a command\'s options', () => {
  expect(bashComplete(['quadctl', 'hi'])).toEqual(['history']);
  expect(bashComplete(['quadctl', 'history', '--u'])).toEqual(['--unit', '--user']);
});

test('each shell gets its own script; an unknown shell is refused', () => {
  expect(quadctl('completion', 'zsh')).toMatch(/^#compdef quadctl/);
  expect(quadctl('completion', 'fish')).toContain('complete -c quadctl');
  expect(spawnSync(process.execPath, [join(ROOT, 'bin', 'quadctl'), 'completion', 'tcsh']).status).toBe(2);
});
