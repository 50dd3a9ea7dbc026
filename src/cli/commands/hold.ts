import type { RegisterCommand } from './register';
import { unitOptions } from './unit-options';

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

export const register: RegisterCommand = (cli) =>
  cli
    .command(
      'hold <unit>',
      'Keep a unit on the image it runs: updates leave it alone until unhold',
      (y) =>
        unitOptions(y.usage(`$0 hold UNIT [--reason TEXT]\n\n${HOLD}`), { json: 'Print {schemaVersion, unit, held, since, reason} (docs/json.md)' })
          .option('reason', { type: 'string', describe: 'Why, shown by status (default: "quadctl hold")' })
          .example('$0 hold web --reason "waiting for the 2.0 migration"', 'keep web.service where it is'),
      async (argv) => (await import('../handlers/hold')).run({ user: argv.user, json: argv.json, unit: String(argv.unit), reason: argv.reason, wait: argv.wait, release: false }),
    )
    .command(
      'unhold <unit>',
      'Release a hold: the next update checks the unit again',
      (y) =>
        unitOptions(y.usage(`$0 unhold UNIT\n\n${UNHOLD}`), { json: 'Print {schemaVersion, unit, held, released} (docs/json.md)' }),
      async (argv) => (await import('../handlers/hold')).run({ user: argv.user, json: argv.json, unit: String(argv.unit), wait: argv.wait, release: true }),
    );
