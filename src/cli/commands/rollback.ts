import type { RegisterCommand } from './register';
import { ENTRIES, numberOption } from './numbers';
import { unitOptions } from './unit-options';

const DESCRIPTION = `Go back by hand to an image the history recorded, through the same
transaction as an update: recorded intent, pull by digest if the image is gone,
switch, restart, health gate — and if the old image does not come up, back to
what ran before.

Without --to: the last good image before the one the unit runs, along the
images its updates settled on; a second rollback goes further back, never to
the image the first one left. With --to ENTRY (an ID from \`quadctl history\`,
or a unique prefix): the image that entry left the unit on. A unit that is down
is taken to run the image it was last recorded on.

A rollback that reached its image holds the unit there: updates (the timer's
too) and \`apply\` leave it on that image until \`quadctl unhold UNIT\`.

Exit status: 0 rolled back and healthy (and held); 3 the old image failed the health gate
and the unit was put back; 1 failed; 2 bad arguments; 4 an update is running.`;

export const register: RegisterCommand = (cli) =>
  cli.command(
    'rollback <unit>',
    'Go back to the last good image before the current one, health-gated, and hold the unit',
    (y) =>
      unitOptions(y.usage(`$0 rollback UNIT [--to ENTRY]\n\n${DESCRIPTION}`), {
        json: 'Print the resulting history entry as JSON, with held: true|false',
        user: "The user's units and rootless Podman",
      })
        .option('to', { type: 'string', describe: 'History entry ID (or unique prefix) whose image to go back to' })
        .option('history-keep', { type: 'string', requiresArg: true, coerce: numberOption('history-keep', ENTRIES), describe: 'Keep the newest N history entries (default $QUADCTL_HISTORY_KEEP, else 1000; 0 keeps all)' })
        .example('$0 rollback web', 'back to the good image before the one web.service runs; held until unhold')
        .example('$0 rollback web --to lx3k2a9f1c', 'back to the image history entry lx3k2a9f1c left it on'),
    async (argv) => {
      const { run } = await import('../handlers/rollback');
      await run({ user: argv.user, json: argv.json, unit: String(argv.unit), to: argv.to, wait: argv.wait, 'history-keep': argv['history-keep'] });
    },
  );
