import type { RegisterCommand } from './register';
import { CONFIG_HELP, withConfigOptions } from './config-options';
import type { ApplyArgs } from '../handlers/apply';

const DESCRIPTION = `Install the rendered units and reload systemd.

Quadlet files go to /etc/containers/systemd (~/.config/containers/systemd with
--user), systemd units to /etc/systemd/system (~/.config/systemd/user). The folder
is updated all or nothing; files quadctl did not write are never touched (one in
the way stops apply before anything is written). systemd is reloaded over D-Bus
when something changed.

The config says what you ask for; \`quadctl update\` resolves it within each
container's update.policy (1.0.0 under patch → 1.0.1) and keeps its choice in
/var/lib/quadctl/resolved.json. apply renders both: every config change reaches
the unit and the updater's choice stays — until you change that container's
Image or update.policy, which wins (docs/update-policies.md). Each container
that runs another image than the config names is listed.

Units that left the config stay installed and are listed, unless --prune: then
they are stopped, disabled and deleted (an empty config with --prune removes
every unit quadctl installed from it). --dry-run says what would be done.

With --now: new units started, changed units restarted, unchanged ones started
if they are not running (a running one is left alone); each unit's result is
reported, and a unit that did not come up shows the end of its journal (in
--json: units[].journal), then apply exits 1. Re-running apply with no change
restarts nothing.

${CONFIG_HELP}`;

export const register: RegisterCommand = (cli) =>
  cli.command(
    'apply',
    'Install the units, reload systemd, and with --now start or restart what changed',
    (y) =>
      withConfigOptions(y)
        .usage(`$0 apply [-c FILE] [--user] [--now] [options]\n\n${DESCRIPTION}`)
        .option('now', { type: 'boolean', default: false, describe: 'Start new units, restart changed ones; report each' })
        .option('prune', { type: 'boolean', default: false, describe: 'Stop, disable and delete the units quadctl installed from this config that it no longer has' })
        .option('dry-run', { type: 'boolean', default: false, describe: 'Say what would be written, removed and stopped; change nothing' })
        .option('dir', { type: 'string', describe: 'Install into this folder instead of the target\'s unit folder' })
        .option('json', { type: 'boolean', default: false, describe: 'Print {dir, target, dryRun, added, changed, removed, unchanged, leftConfig, stopped, legacyDropIns, resolved, reloaded, units: [{service, action, result, state}]}' })
        .example('$0 apply -c /etc/quadctl/quadctl.ini --now', 'install, reload, start or restart what changed')
        .example('$0 apply --prune --dry-run', 'which units that left the config would be stopped and removed'),
    async (argv) => (await import('../handlers/apply')).run(argv as unknown as ApplyArgs),
  );
