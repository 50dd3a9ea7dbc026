import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { log } from '../adapters/log/journal-logger';
import { commands } from './commands/index';
import { ExitCode } from './exit-codes';
import { VERSION } from './version';

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
    if (err) throw err;
    log.log('err', `quadctl: ${msg}\nRun 'quadctl --help' for usage.`);
    process.exit(ExitCode.Invalid);
  });

for (const register of commands) cli = register(cli);

cli.parseAsync().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  log.log('err', `quadctl: ${message}`);
  process.exit(ExitCode.Failure);
});
