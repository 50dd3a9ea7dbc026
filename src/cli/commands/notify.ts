import { commandGroup } from './command-group';
import type { RegisterCommand } from './register';

const DESCRIPTION = `Send a test message to the [notify.NAME] targets (all of them, or the one
named) and report per target whether it arrived. The targets are read from the
config (-c, default $QUADCTL_CONFIG, else /etc/quadctl/quadctl.ini) and from
notify.ini beside it. The message is an "updated" event for example.service,
marked as a test; targets receive it whatever their events = filter says.

Exit status: 0 every target took it; 1 at least one did not; 2 bad config.
More: docs/notify.md.`;

export const register: RegisterCommand = (cli) =>
  commandGroup(cli, { name: 'notify', describe: 'Notification targets: send a test message ([notify.NAME] sections)', usage: '$0 notify test [NAME]', demand: 'Name a subcommand: quadctl notify test [NAME]' }, (y) =>
    y.command(
      'test [name]',
      'Send a test message to every [notify.*] target, or to NAME, and report per target',
      (t) =>
        t
          .usage(`$0 notify test [NAME] [-c CONFIG] [--json]\n\n${DESCRIPTION}`)
          .positional('name', { type: 'string', describe: 'Only the target [notify.NAME]' })
          .option('config', { alias: 'c', type: 'string', describe: 'Config file with the [notify.*] sections' })
          .option('json', { type: 'boolean', default: false, describe: 'Print {schemaVersion, results: [{target, where, ok, messages, attempts, detail}]} (docs/json.md)' })
          .option('user', { type: 'boolean', default: false, describe: 'The per-user config (~/.config/quadctl)' })
          .example('$0 notify test', 'try every target')
          .example('$0 notify test mail', 'try [notify.mail] only'),
      async (argv) => {
        const { run } = await import('../handlers/notify');
        await run({ user: argv.user, json: argv.json, config: argv.config, name: argv.name });
      },
    ),
  );
