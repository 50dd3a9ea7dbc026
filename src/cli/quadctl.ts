import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { log } from '../adapters/log/journal-logger';
import { commands } from './commands/index';
import { ExitCode } from './exit-codes';
import { UsageError } from './command-error';
import { isUsageError, reportError } from './report-error';
import { VERSION } from './version';

// A reader that stops early (`quadctl generate -o - | head -1`) closes the pipe:
// that is the reader's choice, not a failure, so end quietly instead of dying with EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? ExitCode.Ok);
    throw err;
  });
}

let cli = yargs(hideBin(process.argv))
  .scriptName('quadctl')
  .usage('$0 <command> [options]\n\nRender Podman containers into Quadlet or systemd units, and keep them up to date safely.')
  .demandCommand(1, 'Name a command; `quadctl --help` lists them.')
  .strict()
  .recommendCommands()
  // Answers `--get-yargs-completions` for the scripts `quadctl completion` prints; the
  // command yargs would add for its own scripts stays hidden (no description).
  .completion('yargs-completion-script', false)
  .help()
  .alias('h', 'help')
  .version(VERSION)
  .wrap(Math.min(100, process.stdout.columns || Number(process.env.COLUMNS) || 100))
  .fail((msg, err) => {
    const error = err ?? new UsageError(msg);
    // Any other error a handler throws ends in the catch below.
    if (!isUsageError(error)) throw error;
    // yargs would go on parsing (and run the command) once this returns.
    process.exit(reportError(error, log));
  });

for (const register of commands) cli = register(cli);

/** Ends with `code` once stdout has passed on all that was written to it (a pipe's reader may be slow). */
function end(code: ExitCode): void {
  process.exitCode = code;
  process.stdout.write('', () => process.exit(code));
}

cli.parseAsync().catch((err: unknown) => end(reportError(err, log)));
