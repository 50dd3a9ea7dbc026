import type { RegisterCommand } from './register';
import { unitOptions } from './unit-options';

const DESCRIPTION = `Forget that an image failed its health gate on a unit. A digest that failed
(the update was rolled back) is known-bad for that unit: updates offer the
newest candidate that is not known-bad instead, and skip the unit when there is
none. A failed pull or a registry error never makes a digest known-bad.
\`quadctl status --json\` lists each unit's known-bad digests with the reason.

Without DIGEST every known-bad digest of the unit is forgotten; a unique prefix
(with or without sha256:) names one.

Exit status: 0 forgotten, 1 nothing matched, 2 bad arguments, 4 an update is running.`;

export const register: RegisterCommand = (cli) =>
  cli.command(
    'forget <unit> [digest]',
    'Let an image that failed its health gate on a unit be tried again',
    (y) =>
      unitOptions(y.usage(`$0 forget UNIT [DIGEST]\n\n${DESCRIPTION}`), { json: 'Print {schemaVersion, unit, forgotten: [{digest, image, reason, entry, time}]} (docs/json.md)' })
        .positional('digest', { type: 'string', describe: 'The known-bad digest (or a unique prefix); all of them when left out' })
        .example('$0 forget web 3f2a9c', 'retry the image sha256:3f2a9c… on web.service'),
    async (argv) => (await import('../handlers/forget')).run({ user: argv.user, json: argv.json, unit: String(argv.unit), digest: argv.digest === undefined ? undefined : String(argv.digest), wait: argv.wait }),
  );
