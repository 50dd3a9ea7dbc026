// The one place a command's error becomes words on stderr and an exit code
// (docs/cli.md lists the codes). Handlers throw; quadctl.ts calls this.
import type { Logger } from '../adapters/log/journal-logger';
import { CommandError, UsageError } from './command-error';
import { ExitCode } from './exit-codes';

const USAGE_HINT = "Run 'quadctl --help' for usage.";

/** yargs reports its own usage errors (and a coerce's, such as `--wait abc`) as a YError. */
export function isUsageError(err: unknown): err is Error {
  return err instanceof UsageError || (err instanceof Error && err.name === 'YError');
}

/** Prints what went wrong and returns the exit code the process ends with. */
export function reportError(err: unknown, log: Logger): ExitCode {
  if (err instanceof CommandError) {
    const lines = [...err.details, ...(err.message ? [`quadctl ${err.command}: ${err.message}`] : [])];
    if (lines.length > 0) log.log('err', lines.join('\n'));
    return err.exitCode;
  }
  if (isUsageError(err)) {
    log.log('err', `quadctl: ${err.message}\n${USAGE_HINT}`);
    return ExitCode.Invalid;
  }
  log.log('err', `quadctl: ${err instanceof Error ? err.message : String(err)}`);
  return ExitCode.Failure;
}
