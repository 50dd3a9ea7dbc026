import type { RegisterCommand } from './index';

const HOLD = `Hold a unit on the image it runs: \`quadctl update\` (the timer's runs and
\`update --unit\` alike) leaves it alone until \`quadctl unhold\`. A rollback by
hand holds the unit by itself. \`quadctl status\` shows every hold with its
reason and time; the hold is kept in the updater's state
(/var/lib/quadctl/resolved.json, ~/.local/state/quadctl with --user).

Exit status: 0 done (also when it already was), 2 bad arguments, 4 an update is running.`;

const UNHOLD = `Release a hold: the next update checks the unit again under its policy. A
unit held after a rollback by hand may then be updated to a newer image again
(never to one that failed its health gate: see \`quadctl forget\`).

Exit status: 0 released, 1 the unit was not held, 2 bad arguments, 4 an update is running.`;

export interface HoldArgs {
  user: boolean;
  json: boolean;
  unit: string;
  reason?: string;
  wait?: number;
  release: boolean;
}

export const register: RegisterCommand = (cli) =>
  cli
    .command(
      'hold <unit>',
      'Keep a unit on the image it runs: updates leave it alone until unhold',
      (y) =>
        y
          .usage(`$0 hold UNIT [--reason TEXT]\n\n${HOLD}`)
          .positional('unit', { type: 'string', demandOption: true, describe: 'The unit, e.g. web or web.service' })
          .option('reason', { type: 'string', describe: 'Why, shown by status (default: "quadctl hold")' })
          .option('json', { type: 'boolean', default: false, describe: 'Print {schemaVersion, unit, held, since, reason} (docs/json.md)' })
          .option('user', { type: 'boolean', default: false, describe: "The user's units" })
          .option('wait', { type: 'number', describe: 'Wait up to this many seconds for a running update' })
          .example('$0 hold web --reason "waiting for the 2.0 migration"', 'keep web.service where it is'),
      async (argv) => (await import('../handlers/hold')).run({ user: argv.user, json: argv.json, unit: String(argv.unit), reason: argv.reason, wait: argv.wait, release: false }),
    )
    .command(
      'unhold <unit>',
      'Release a hold: the next update checks the unit again',
      (y) =>
        y
          .usage(`$0 unhold UNIT\n\n${UNHOLD}`)
          .positional('unit', { type: 'string', demandOption: true, describe: 'The unit, e.g. web or web.service' })
          .option('json', { type: 'boolean', default: false, describe: 'Print {schemaVersion, unit, held, released} (docs/json.md)' })
          .option('user', { type: 'boolean', default: false, describe: "The user's units" })
          .option('wait', { type: 'number', describe: 'Wait up to this many seconds for a running update' }),
      async (argv) => (await import('../handlers/hold')).run({ user: argv.user, json: argv.json, unit: String(argv.unit), wait: argv.wait, release: true }),
    );
