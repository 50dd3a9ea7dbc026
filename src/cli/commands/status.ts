import type { RegisterCommand } from './index';

const DESCRIPTION = `Show every container systemd runs, its update policy, what it runs now,
what the registry offers, and what \`quadctl update\` would do about it and why —
plus each unit's last recorded result and any interrupted transaction.
Changes nothing and takes no lock.

Exit status: 0 shown (whatever it says), 1 a registry could not be asked.`;

export interface StatusArgs {
  user: boolean;
  json: boolean;
}

export const register: RegisterCommand = (cli) =>
  cli.command(
    'status',
    'Show containers under systemd, their policies, what is newer and what update would do',
    (y) =>
      y
        .usage(`$0 status [--json] [--user]\n\n${DESCRIPTION}`)
        .option('json', { type: 'boolean', default: false, describe: 'Print {units: [{unit, container, image, policy, current, candidate, action, reason, last}], interrupted}' })
        .option('user', { type: 'boolean', default: false, describe: "The user's units and rootless Podman" }),
    async (argv) => {
      const { run } = await import('../handlers/status');
      await run({ user: argv.user, json: argv.json });
    },
  );
