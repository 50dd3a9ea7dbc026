// What update, status and rollback share when they run: the world they act on
// (Podman, systemd, registries, the history) and the update lock.
import { join } from 'node:path';
import { HistoryFile, StateFile } from '../../adapters/history';
import { hostEnv } from '../../adapters/fs/host-env';
import { scopeOf, stateDir } from '../../paths';
import { acquireUpdateLock, LockBusyError, type UpdateLock } from '../../adapters/lock';
import { log } from '../../adapters/log/journal-logger';
import { DEFAULT_PULL_LIMITS, type PullLimits } from '../../adapters/podman/images';
import { openWorld, type World } from '../../adapters/podman/update-ports';
import { CommandError, UsageError } from '../command-error';

/** A run's pulls end this long after it began, unless --deadline says otherwise. */
const DEFAULT_DEADLINE_MS = 30 * 60_000;
import { DEFAULT_HISTORY_KEEP, type ProgressEvent, type RunVerdict } from '../../update';
import { ExitCode } from '../exit-codes';

export interface SessionArgs {
  user: boolean;
  json: boolean;
}

export interface Session {
  world: World;
  history: HistoryFile;
  state: StateFile;
  close(): Promise<void>;
}

export const VERDICT_EXIT: Record<RunVerdict, number> = { ok: ExitCode.Ok, 'rolled-back': ExitCode.RolledBack, failed: ExitCode.Failure };

export function stateDirFor(args: SessionArgs): string {
  return stateDir(scopeOf(args.user), hostEnv());
}

/** Progress for people: on a terminal always, in the journal (timer runs) unless --json. */
function progressPrinter(json: boolean): (e: ProgressEvent) => void {
  const show = process.stderr.isTTY || !json;
  return (e) => {
    if (show) log.log(e.level ?? 'info', `${e.unit}: ${e.message}`);
  };
}

export async function openSession(args: SessionArgs, concurrency = 8, limits?: PullLimits): Promise<Session> {
  const history = new HistoryFile(stateDirFor(args));
  const state = new StateFile(stateDirFor(args));
  const world = await openWorld({
    ...(limits ? { pullLimits: limits } : {}),
    scope: scopeOf(args.user),
    history,
    state,
    interactive: Boolean(process.stderr.isTTY) && !args.json,
    progress: progressPrinter(args.json),
    concurrency,
  });
  pauseForFaultTests(world);
  return { world, history, state, close: () => world.close() };
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

const ENV_SECONDS = /^\s*\d+(\.\d+)?\s*$/;

/** A limit in seconds from its flag, else its environment variable, else the default; a bad variable is a usage error. */
function secondsFrom(flagValue: number | undefined, flag: string, variable: string, fallbackMs: number, env: NodeJS.ProcessEnv): { ms: number; from: string } {
  if (flagValue !== undefined) return { ms: flagValue * 1000, from: `--${flag} ${flagValue}` };
  const text = env[variable];
  if (text === undefined || text === '') return { ms: fallbackMs, from: `--${flag}, default ${fallbackMs / 1000}` };
  if (!ENV_SECONDS.test(text) || Number(text) <= 0) throw new UsageError(`${variable} must be a number of seconds above 0, not ${JSON.stringify(text)}`);
  return { ms: Number(text) * 1000, from: `${variable}=${text.trim()}` };
}

/** The pull limits of a run: --pull-timeout / $QUADCTL_PULL_TIMEOUT (no bytes for that long), --deadline / $QUADCTL_DEADLINE (from now). */
export function pullLimits(stallSeconds: number | undefined, deadlineSeconds: number | undefined, env: NodeJS.ProcessEnv = process.env, now = Date.now()): PullLimits {
  const stall = secondsFrom(stallSeconds, 'pull-timeout', 'QUADCTL_PULL_TIMEOUT', DEFAULT_PULL_LIMITS.stallMs, env);
  const deadline = secondsFrom(deadlineSeconds, 'deadline', 'QUADCTL_DEADLINE', DEFAULT_DEADLINE_MS, env);
  return { stallMs: stall.ms, stallFrom: stall.from, deadline: now + deadline.ms, deadlineFrom: deadline.from };
}

/** How many history entries a writing run keeps: --history-keep, else $QUADCTL_HISTORY_KEEP, else 1000; 0 keeps all. */
export function historyKeep(arg: number | undefined, command: string, env: NodeJS.ProcessEnv = process.env): number {
  const [value, from] = arg !== undefined ? [String(arg), '--history-keep'] : env.QUADCTL_HISTORY_KEEP ? [env.QUADCTL_HISTORY_KEEP, 'QUADCTL_HISTORY_KEEP'] : [String(DEFAULT_HISTORY_KEEP), ''];
  if (!/^\d+$/.test(value.trim())) throw new CommandError(command, `${from} must be a whole number of entries (0 keeps all), not ${JSON.stringify(value)}`, ExitCode.Invalid);
  return Number(value.trim());
}

/**
 * Drops the oldest history entries beyond `keep`. Called with the update lock
 * held and the run's own records written; a failure leaves the log as it was
 * and is only reported, never the run's result.
 */
export async function rotateHistory(session: Session, keep: number, command: string): Promise<void> {
  try {
    await session.history.rotate(keep);
  } catch (err) {
    log.log('warning', `quadctl ${command}: could not rotate ${session.history.path} (kept as it was): ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Takes the update lock, or throws (exit 4) saying who holds it. */
export async function takeUpdateLock(args: SessionArgs, waitSeconds: number | undefined, command: string): Promise<UpdateLock> {
  try {
    const lock = await acquireUpdateLock(join(stateDirFor(args), 'update.lock'), { waitMs: (waitSeconds ?? 0) * 1000 });
    if (lock.tookOverFrom) log.log('notice', `quadctl ${command}: took over the lock of pid ${lock.tookOverFrom.pid}, which is gone (crashed or killed)`);
    return lock;
  } catch (err) {
    throw err instanceof LockBusyError ? new CommandError(command, err.message, ExitCode.Busy) : err;
  }
}
