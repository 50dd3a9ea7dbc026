import { join } from 'node:path';
import type { RegisterCommand } from './index';
import { ExitCode } from '../exit-codes';
import { HistoryFile, stateDir } from '../../adapters/history';
import { acquireUpdateLock, LockBusyError, type UpdateLock } from '../../adapters/lock';
import { openWorld, type World } from '../../adapters/podman/update-ports';
import { reportJson, reportText, runUpdate, type ProgressEvent, type RunMode, type RunVerdict } from '../../update';

const DESCRIPTION = `Update the containers systemd runs to newer images, safely.

Looks at every running container with Podman's PODMAN_SYSTEMD_UNIT label and
  io.quadctl.policy     digest | patch | minor | major | <semver range> | none
  io.containers.autoupdate=registry|local   (Podman's own label, honoured as Podman does)
asks the registries once per image, and for each unit with something newer:
pulls it by digest, switches the unit (same tag: moves the tag, keeping the old
image; new tag: a drop-in), restarts it over D-Bus and watches it for the settle
window (io.quadctl.settle, default 10s; a restart in the window is a failure),
then Podman's healthcheck and the io.quadctl.probe probe. If anything fails
it rolls back to the previous image and configuration. Every step is recorded
in the history first, so a run that was killed is finished or rolled back by
the next one. One run at a time (a lock).

Modes: --check-only asks registries and reports; --dry-run prints the plan of a
full run (including recovery of interrupted runs); --download-only pulls the new
images and restarts nothing.

Exit status: 0 nothing to do or everything updated; 3 something was rolled back
(it runs on its previous image); 1 something failed (a registry, a pull, a
rollback); 2 invalid arguments; 4 another run holds the lock.
More: docs/update-policies.md, docs/rollback.md.`;

export interface SessionArgs {
  user: boolean;
  json: boolean;
}

export interface Session {
  world: World;
  history: HistoryFile;
  close(): Promise<void>;
}

export const VERDICT_EXIT: Record<RunVerdict, number> = { ok: ExitCode.Ok, 'rolled-back': ExitCode.RolledBack, failed: ExitCode.Failure };

export function stateDirFor(args: SessionArgs): string {
  return stateDir(args.user);
}

/** Progress for people: on a terminal always, in the journal (timer runs) unless --json. */
export function progressPrinter(json: boolean): (e: ProgressEvent) => void {
  const show = process.stderr.isTTY || !json;
  return (e) => {
    if (show) process.stderr.write(`${e.unit}: ${e.message}\n`);
  };
}

export async function openSession(args: SessionArgs, concurrency = 8): Promise<Session> {
  const history = new HistoryFile(stateDirFor(args));
  const world = await openWorld({
    scope: args.user ? 'user' : 'system',
    history,
    interactive: Boolean(process.stderr.isTTY) && !args.json,
    progress: progressPrinter(args.json),
    concurrency,
  });
  pauseForFaultTests(world);
  return { world, history, close: () => world.close() };
}

/**
 * Fault injection for the crash-recovery tests: with QUADCTL_PAUSE_AFTER_STEP=pulled
 * (or any step name) the run stops dead right after recording that step, so a
 * test can `kill -9` it at a known point. Unset in normal use.
 */
function pauseForFaultTests(world: World): void {
  const step = process.env.QUADCTL_PAUSE_AFTER_STEP;
  if (!step) return;
  const record = world.ports.record;
  world.ports.record = async (r) => {
    await record(r);
    if (r.type === 'step' && r.step === step) {
      process.stderr.write(`quadctl: paused after step ${step} (QUADCTL_PAUSE_AFTER_STEP)\n`);
      await new Promise<never>(() => setInterval(() => undefined, 60_000));
    }
  };
}

/** Takes the update lock or ends the process with exit code 4 and who holds it. */
export async function lockOrExit(args: SessionArgs, waitSeconds: number | undefined, command: string): Promise<UpdateLock> {
  try {
    const lock = await acquireUpdateLock(join(stateDirFor(args), 'update.lock'), { waitMs: (waitSeconds ?? 0) * 1000 });
    if (lock.tookOverFrom) process.stderr.write(`quadctl ${command}: took over the lock of pid ${lock.tookOverFrom.pid}, which is gone (crashed or killed)\n`);
    return lock;
  } catch (err) {
    if (err instanceof LockBusyError) {
      process.stderr.write(`quadctl ${command}: ${err.message}\n`);
      process.exit(ExitCode.Busy);
    }
    throw err;
  }
}

interface UpdateArgs extends SessionArgs {
  'dry-run': boolean;
  'check-only': boolean;
  'download-only': boolean;
  unit: string[];
  timer: boolean;
  wait?: number;
  concurrency: number;
}

function modeOf(a: UpdateArgs): RunMode | { error: string } {
  const chosen = (['dry-run', 'check-only', 'download-only'] as const).filter((m) => a[m]);
  if (chosen.length > 1) return { error: `--${chosen.join(' and --')} can not be combined` };
  return chosen[0] ?? 'apply';
}

async function run(a: UpdateArgs): Promise<void> {
  const mode = modeOf(a);
  if (typeof mode === 'object') {
    process.stderr.write(`quadctl update: ${mode.error}\n`);
    process.exit(ExitCode.Invalid);
  }
  const changes = mode === 'apply' || mode === 'download-only';
  const lock = changes ? await lockOrExit(a, a.wait, 'update') : null;
  try {
    const session = await openSession(a, a.concurrency);
    try {
      const trigger = a.timer || process.env.QUADCTL_TRIGGER === 'timer' ? 'timer' : 'manual';
      const report = await runUpdate(session.world.ports, { mode, trigger, units: a.unit, concurrency: a.concurrency });
      process.stdout.write(a.json ? `${JSON.stringify(reportJson(report), null, 2)}\n` : reportText(report));
      process.exitCode = VERDICT_EXIT[report.verdict];
    } finally {
      await session.close();
    }
  } finally {
    await lock?.release();
  }
}

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
        .option('wait', { type: 'number', describe: 'If another run holds the lock, wait up to this many seconds instead of exiting with 4' })
        .option('concurrency', { type: 'number', default: 4, describe: 'Independent units (and registry requests) at once' })
        .example('$0 update --dry-run', 'what would change, and why')
        .example('$0 update --unit web --json', 'update one unit, machine-readable result')
        .example('$0 update --download-only', 'pre-fetch images now, switch later'),
    async (argv) => {
      await run({
        user: argv.user,
        json: argv.json,
        'dry-run': argv['dry-run'],
        'check-only': argv['check-only'],
        'download-only': argv['download-only'],
        unit: (argv.unit ?? []).map(String),
        timer: argv.timer,
        wait: argv.wait,
        concurrency: Math.max(1, Math.floor(argv.concurrency)),
      });
    },
  );
