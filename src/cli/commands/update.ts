import { DEFAULT_RESTARTS } from '../../update/order';
import type { RegisterCommand } from './register';
import { COUNT_AT_LEAST_ONE, ENTRIES, numberOption, SECONDS_LIMIT, SECONDS_WAIT } from './numbers';

const DESCRIPTION = `Update the containers systemd runs to newer images, safely.

Looks at every running container with Podman's PODMAN_SYSTEMD_UNIT label and
  io.quadctl.policy     digest | patch | minor | major | <semver range> | none
  io.containers.autoupdate=registry|local   (Podman's own label, honoured as Podman does)
  io.containers.autoupdate.authfile=PATH    (Podman's own: this container's registry credentials)
asks the registries once per image (and auth file), pulls each new image once
(by digest, before the first restart), and for each unit with something newer:
switches the unit (same tag: moves the tag, keeping the old
image; new tag: the image in the unit quadctl generated, or an Image=-only
drop-in for a Quadlet .container; a hand-written .service keeps its tag and is
told), restarts it over D-Bus (--restarts at once; units ordered by Requires=/
After= or sharing a pod one after another) and watches it: Podman's healthcheck
and the io.quadctl.probe probe must pass and the unit stay up (a restart is a
failure) for 2 s at least; a unit with neither healthcheck nor probe is watched
for the whole settle window (io.quadctl.settle, default 10s). If anything fails
it rolls back to the previous image and configuration. Every step is recorded
in the history first, so a run that was killed is finished or rolled back by
the next one. One run at a time (a lock).

Held units (quadctl hold, or a rollback by hand) are never updated. The
candidate is the newest that did not fail its health gate on the unit before
(quadctl forget clears that). What was resolved is kept in the updater's state
(/var/lib/quadctl/resolved.json), which apply renders with the config.

Modes: --check-only asks registries and reports; --dry-run prints the plan of a
full run (including recovery of interrupted runs); --download-only pulls the new
images and restarts nothing.

Exit status: 0 nothing to do or everything updated; 3 something was rolled back
(it runs on its previous image); 1 something failed (a registry, a pull, a
rollback, an invalid label, the history could not be written); 2 invalid
arguments (or a --unit no container runs); 4 another run holds the lock.
A stalled registry cannot hold the lock: see --pull-timeout and --deadline.

After every run but --dry-run: the [notify.*] targets of the config (and of
notify.ini beside it) are told what happened (within 10 s; a target that
cannot be reached changes nothing about the run and is recorded in history),
and the [metrics] text file is rewritten.
More: docs/update-policies.md, docs/rollback.md, docs/notify.md, docs/metrics.md.`;

export const register: RegisterCommand = (cli) =>
  cli.command(
    'update',
    'Update containers run by systemd units to newer images, with health gate and rollback',
    (y) =>
      y
        .usage(`$0 update [options]\n\n${DESCRIPTION}`)
        .option('dry-run', { type: 'boolean', default: false, describe: 'Print what a full run would do (plan and recovery); change nothing' })
        .option('check-only', { type: 'boolean', default: false, describe: 'Ask registries and report what is newer; change nothing' })
        .option('download-only', { type: 'boolean', default: false, describe: 'Pull the new images by digest; switch and restart nothing' })
        .option('unit', { type: 'string', array: true, default: [] as string[], describe: 'Only this unit (repeatable); "web" means web.service' })
        .option('timer', { type: 'boolean', default: false, describe: 'Run as the timer does: units labelled io.quadctl.timer=false are left alone (also set by QUADCTL_TRIGGER=timer)' })
        .option('json', { type: 'boolean', default: false, describe: 'Print {mode, verdict, recovery, plan, results, downloads, pruned} as JSON' })
        .option('user', { type: 'boolean', default: false, describe: "The user's units and rootless Podman; state in ~/.local/state/quadctl" })
        .option('wait', { type: 'string', requiresArg: true, coerce: numberOption('wait', SECONDS_WAIT), describe: 'If another run holds the lock, wait up to this many SECONDS instead of exiting with 4' })
        .option('concurrency', { type: 'string', requiresArg: true, default: '4', coerce: numberOption('concurrency', COUNT_AT_LEAST_ONE), describe: 'Registry requests at once, at least 1 (pulls run one podman process at a time)' })
        .option('restarts', { type: 'string', requiresArg: true, default: String(DEFAULT_RESTARTS), coerce: numberOption('restarts', COUNT_AT_LEAST_ONE), describe: 'Independent units restarted and watched at once, at least 1' })
        .option('pull-timeout', { type: 'string', requiresArg: true, coerce: numberOption('pull-timeout', SECONDS_LIMIT), describe: 'Stop a pull when the registry has sent nothing for this many SECONDS (default $QUADCTL_PULL_TIMEOUT, else 120)' })
        .option('deadline', { type: 'string', requiresArg: true, coerce: numberOption('deadline', SECONDS_LIMIT), describe: "Stop the run's pulls this many SECONDS after it began, so the lock is never held long (default $QUADCTL_DEADLINE, else 1800); restarts and rollbacks always finish" })
        .option('config', { alias: 'c', type: 'string', describe: 'The config whose [notify.*] and [metrics] sections apply (default $QUADCTL_CONFIG, else /etc/quadctl/quadctl.ini); notify.ini beside it is read too' })
        .option('history-keep', { type: 'string', requiresArg: true, coerce: numberOption('history-keep', ENTRIES), describe: 'Keep the newest N history entries, dropping older ones after the run (default $QUADCTL_HISTORY_KEEP, else 1000; 0 keeps all)' })
        .example('$0 update --dry-run', 'what would change, and why')
        .example('$0 update --unit web --json', 'update one unit, machine-readable result')
        .example('$0 update --download-only', 'pre-fetch images now, switch later'),
    async (argv) => {
      const { run } = await import('../handlers/update');
      await run({
        user: argv.user,
        json: argv.json,
        'dry-run': argv['dry-run'],
        'check-only': argv['check-only'],
        'download-only': argv['download-only'],
        unit: (argv.unit ?? []).map(String),
        timer: argv.timer,
        wait: argv.wait,
        concurrency: argv.concurrency ?? 4,
        restarts: argv.restarts ?? DEFAULT_RESTARTS,
        'history-keep': argv['history-keep'],
        'pull-timeout': argv['pull-timeout'],
        deadline: argv.deadline,
        config: argv.config,
      });
    },
  );
