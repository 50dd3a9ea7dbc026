// One place turns a command's error into words on stderr and an exit code
// (docs/cli.md): handlers only throw.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger, Priority } from '../../../src/adapters/log/journal-logger';
import { CommandError, UsageError } from '../../../src/cli/command-error';
import { ExitCode } from '../../../src/cli/exit-codes';
import { reportError } from '../../../src/cli/report-error';

function capture(): Logger & { lines: [Priority, string][] } {
  const lines: [Priority, string][] = [];
  return { lines, log: (priority, text) => void lines.push([priority, text]) };
}

test.each([
  ['a command error: details, then the command and message', new CommandError('apply', 'nothing was written', ExitCode.Invalid, ['a.ini:3: [container.web] Bogus: unknown key']), ExitCode.Invalid, 'a.ini:3: [container.web] Bogus: unknown key\nquadctl apply: nothing was written'],
  ['a held lock', new CommandError('update', 'the lock is held by pid 7', ExitCode.Busy), ExitCode.Busy, 'quadctl update: the lock is held by pid 7'],
  ['a usage error, with the pointer to --help', new UsageError('--wait must be a number'), ExitCode.Invalid, "quadctl: --wait must be a number\nRun 'quadctl --help' for usage."],
  ['any other error: a failure, its message only', new Error('ENOSPC'), ExitCode.Failure, 'quadctl: ENOSPC'],
])('%s', (_name, err, code, text) => {
  const log = capture();
  expect(reportError(err, log)).toBe(code);
  expect(log.lines).toEqual([['err', text]]);
});

test('a command error without a message only sets the exit code (its --json output said it all)', () => {
  const log = capture();
  expect(reportError(new CommandError('validate', '', ExitCode.Invalid), log)).toBe(ExitCode.Invalid);
  expect(log.lines).toEqual([]);
});

test('validate --json on a bad config: the whole object on stdout, nothing on stderr, exit 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quadctl-report-'));
  try {
    const config = join(dir, 'quadctl.ini');
    writeFileSync(config, '[container.web]\nImage = docker.io/library/nginx:1.25\nBogus = 1\n');
    const r = spawnSync(process.execPath, [join(__dirname, '..', '..', '..', 'bin', 'quadctl'), 'validate', '-c', config, '--json'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, units: 0, issues: [{ line: 3, key: 'Bogus' }] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
