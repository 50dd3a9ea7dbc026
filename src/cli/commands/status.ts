import type { RegisterCommand } from './register';

const DESCRIPTION = `Show every managed unit — each container systemd runs (PODMAN_SYSTEMD_UNIT
label) and each container unit quadctl installed, running or not — with its
state (running, stopped, failed, crash-looping, starting), image, update policy,
hold, the pending update the registry offers and what \`quadctl update\` would
do about it and why. Below: holds, overrides (an image the updater resolved
instead of the config's, a Quadlet Image= drop-in, an earlier frozen drop-in),
known-bad images, each unit's last recorded result and any interrupted
transaction. Changes nothing and takes no lock.

Exit status: 0 shown (whatever it says), 1 a registry could not be asked.`;

export const register: RegisterCommand = (cli) =>
  cli.command(
    'status',
    'Show managed units: state, image, policy, hold, pending update, overrides',
    (y) =>
      y
        .usage(`$0 status [--json] [--user]\n\n${DESCRIPTION}`)
        .option('json', { type: 'boolean', default: false, describe: 'Print {units: [{unit, container, image, policy, current, candidate, action, reason, state, hold, resolved, overrides, knownBad, last}], interrupted}' })
        .option('user', { type: 'boolean', default: false, describe: "The user's units and rootless Podman" }),
    async (argv) => {
      const { run } = await import('../handlers/status');
      await run({ user: argv.user, json: argv.json });
    },
  );
