import type { Argv } from 'yargs';
import { SERVICE_UNIT, TIMER_UNIT } from '../../adapters/systemd/timer-units';
import { commandGroup } from './command-group';
import type { RegisterCommand } from './register';
import type { Common, EnableArgs } from '../handlers/timer';

const DESCRIPTION = `Switch the automatic update timer on or off, or show it.

The timer (${TIMER_UNIT}) runs ${SERVICE_UNIT}, which runs \`quadctl update\` once
(daily by default, spread over 15 minutes, catching up after downtime). Units go to
/etc/systemd/system, or ~/.config/systemd/user with --user (rootless Podman; enable
lingering with \`loginctl enable-linger\` so it runs while you are logged out).`;

const ENABLE = `Install the timer and its service with the schedule given, reload systemd,
enable the timer and (re)start it. Running it again changes the schedule.

--on-calendar takes a systemd calendar spec (see systemd.time(7)), e.g. 'daily',
'Mon..Fri 04:00', '*:0/30' (every 30 minutes). --randomized-delay takes a time span
('15min', '1h', '0' for none). Both are checked with \`systemd-analyze\` first: a value
systemd would reject is an error (exit 2) and nothing is changed.`;

const common = (y: Argv) =>
  y
    .option('user', { type: 'boolean', default: false, describe: "The user's own manager (rootless Podman) instead of the system's" })
    .option('json', { type: 'boolean', default: false, describe: 'Print JSON for scripts' });

export const register: RegisterCommand = (cli) =>
  commandGroup(cli, { name: 'timer', describe: 'Switch the automatic update timer on or off, or show it', usage: `$0 timer <enable|disable|status> [options]\n\n${DESCRIPTION}`, demand: 'Name an action: enable, disable or status.' }, (y) =>
    y
      .command(
        'enable',
        'Install, enable and start the update timer (with the schedule given)',
        (e) =>
          common(e)
            .usage(`$0 timer enable [--user] [--on-calendar SPEC] [--randomized-delay DUR]\n\n${ENABLE}`)
            .option('on-calendar', { type: 'string', describe: "When to run (systemd calendar spec); default 'daily'" })
            .option('randomized-delay', { type: 'string', describe: "Random delay added to each run (time span); default '15min'" })
            .example('$0 timer enable', 'daily, spread over 15 minutes')
            .example("$0 timer enable --on-calendar 'Sun 03:00' --randomized-delay 1h", 'weekly, Sunday night')
            .example('$0 timer enable --user', 'for your rootless containers'),
        async (a) => (await import('../handlers/timer')).enable(a as unknown as EnableArgs),
      )
      .command('disable', 'Stop and disable the timer and remove the units `timer enable` installed', common, async (a) => (await import('../handlers/timer')).disable(a as unknown as Common))
      .command('status', 'Is the timer enabled, its schedule, next run, last trigger and last result', common, async (a) => (await import('../handlers/timer')).status(a as unknown as Common)),
  );
