import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { commands } from './commands/index';
import { ExitCode } from './exit-codes';
import { VERSION } from './version';

let cli = yargs(hideBin(process.argv))
  .scriptName('quadctl')
  .usage('$0 <command> [options]\n\nRender Podman containers into Quadlet or systemd units, and keep them up to date safely.')
  .demandCommand(1, 'Name a command; `quadctl --help` lists them.')
  .strict()
  .recommendCommands()
  .help()
  .alias('h', 'help')
  .version(VERSION)
  .wrap(Math.min(100, process.stdout.columns || 100))
  .fail((msg, err) => {
    if (err) throw err;
    process.stderr.write(`quadctl: ${msg}\nRun 'quadctl --help' for usage.\n`);
    process.exit(ExitCode.Invalid);
  });

for (const register of commands) cli = register(cli);

cli.parseAsync().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`quadctl: ${message}\n`);
  process.exit(ExitCode.Failure);
});
