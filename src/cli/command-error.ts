// How a quadctl command ends early: it throws one of these and the entry point
// (quadctl.ts, through report-error.ts) prints it and sets the exit code. Thrown
// rather than exiting on the spot, so `finally` blocks run — a run that holds the
// update lock releases it, a D-Bus connection is closed — and no output is cut off.
import { ExitCode } from './exit-codes';

/**
 * A failure the command explains itself: printed as `quadctl COMMAND: MESSAGE`,
 * after `details` (lines such as `file:line: key: problem`, printed as they are).
 * An empty message prints nothing more: the command already said what happened
 * (on stdout as its --json object, for instance) and only the exit code is left.
 */
export class CommandError extends Error {
  constructor(
    readonly command: string,
    message: string,
    readonly exitCode: ExitCode = ExitCode.Invalid,
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

/** Ends the command: `quadctl COMMAND: MESSAGE` after `details`, and exit `code`. */
export function fail(command: string, message: string, code: ExitCode = ExitCode.Invalid, details: readonly string[] = []): never {
  throw new CommandError(command, message, code, details);
}

/**
 * Bad arguments (an option's value, a unit that does not exist): printed as
 * `quadctl: MESSAGE` with a pointer to --help, exit 2, like yargs' own usage errors.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
