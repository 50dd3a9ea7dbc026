import type { RegisterCommand } from './index';
import { CONFIG_HELP, withConfigOptions, type ConfigArgs } from './config-options';

const DESCRIPTION = `Install the rendered units and reload systemd.

Quadlet files go to /etc/containers/systemd (~/.config/containers/systemd with
--user), systemd units to /etc/systemd/system (~/.config/systemd/user). The folder
is updated all or nothing: files quadctl wrote earlier for this config and no
longer needed are removed, files it did not write are never touched (one in the
way stops apply before anything is written). systemd is reloaded over D-Bus when
something changed.

With --now: units of removed files are stopped, new units started, changed units
restarted, unchanged ones started if they are not running (a running one is left alone); each unit's result is
reported. Re-running apply with no change restarts nothing.

${CONFIG_HELP}`;

export interface ApplyArgs extends ConfigArgs {
  now: boolean;
  dir?: string;
  json: boolean;
}

export const register: RegisterCommand = (cli) =>
  cli.command(
    'apply',
    'Install the units, reload systemd, and with --now start or restart what changed',
    (y) =>
      withConfigOptions(y)
        .usage(`$0 apply [-c FILE] [--user] [--now] [options]\n\n${DESCRIPTION}`)
        .option('now', { type: 'boolean', default: false, describe: 'Start new units, restart changed ones, stop removed ones; report each' })
        .option('dir', { type: 'string', describe: 'Install into this folder instead of the target\'s unit folder' })
        .option('json', { type: 'boolean', default: false, describe: 'Print {dir, target, added, changed, removed, unchanged, reloaded, units: [{service, action, result, state}]}' })
        .example('$0 apply -c /etc/quadctl/quadctl.ini --now', 'install, reload, start or restart what changed'),
    async (argv) => (await import('../handlers/apply')).run(argv as unknown as ApplyArgs),
  );
