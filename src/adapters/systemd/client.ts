// The systemd client the rest of quadctl uses: one connection, the manager's
// operations as typed methods. Open with connectSystemd(), close when done.
import { MANAGER, MANAGER_PATH, SystemdBus } from './bus';
import { resolveBusAddress } from './bus-address';
import { SystemdCallError, SystemdUnavailableError } from './errors';
import { runJob } from './jobs';
import { journalctlReader } from './journal';
import { DEFAULT_SETTLE_WINDOW_MS, settleUnit, toSettleResult, UnitWatcher } from './settle';
import { readTimerStatus } from './timer-status';
import type {
  ConnectOptions,
  JobMethod,
  JobOptions,
  JobOutcome,
  RestartReport,
  Scope,
  SettleOptions,
  SettleResult,
  TimerStatus,
  UnitFileChange,
  UnitFileOptions,
  UnitState,
} from './types';
import { disableUnitFiles, enableUnitFiles, linkUnitFiles, unitFileState } from './unit-files';
import { readDependencies, readUnitSources, type UnitSources } from './unit-properties';
import { readUnitState } from './unit-state';
import { ok } from '../../result';

const DEFAULT_RELOAD_TIMEOUT_MS = 90_000;
const NO_SUCH_UNIT = 'org.freedesktop.systemd1.NoSuchUnit';

export class Systemd {
  private constructor(
    private readonly bus: SystemdBus,
    readonly scope: Scope,
  ) {}

  /** The D-Bus address in use. */
  get address(): string {
    return this.bus.address;
  }

  static async connect(opts: ConnectOptions = {}): Promise<Systemd> {
    const scope = opts.scope ?? 'system';
    const address = opts.busAddress ? ok(opts.busAddress) : resolveBusAddress(scope, opts.env ?? process.env);
    if (!address.ok) throw new SystemdUnavailableError(address.error, '');
    const bus = await SystemdBus.open(address.value, opts.timeoutMs ?? 5000);
    return new Systemd(bus, scope);
  }

  /**
   * daemon-reload. systemd answers the call only after the reload has finished
   * (it holds the reply until then), so when this resolves, changed unit files
   * are in effect.
   */
  async reload(opts: { timeoutMs?: number } = {}): Promise<{ elapsedMs: number }> {
    const started = performance.now();
    await this.bus.call({ path: MANAGER_PATH, iface: MANAGER, member: 'Reload' }, undefined, opts.timeoutMs ?? DEFAULT_RELOAD_TIMEOUT_MS);
    return { elapsedMs: performance.now() - started };
  }

  runJob(method: JobMethod, unit: string, opts?: JobOptions): Promise<JobOutcome> {
    return runJob(this.bus, method, unit, opts).then(stripSeq);
  }

  startUnit(unit: string, opts?: JobOptions): Promise<JobOutcome> {
    return this.runJob('StartUnit', unit, opts);
  }

  stopUnit(unit: string, opts?: JobOptions): Promise<JobOutcome> {
    return this.runJob('StopUnit', unit, opts);
  }

  restartUnit(unit: string, opts?: JobOptions): Promise<JobOutcome> {
    return this.runJob('RestartUnit', unit, opts);
  }

  /** Restart only if running; a stopped unit stays stopped (job result `done`). */
  tryRestartUnit(unit: string, opts?: JobOptions): Promise<JobOutcome> {
    return this.runJob('TryRestartUnit', unit, opts);
  }

  /**
   * Forget a unit's failed state and its start-rate counter (`systemctl reset-failed`):
   * after several restarts in a row (an update, then a rollback) systemd's start limit
   * (5 starts in 10 s by default) would fail the next start with `start-limit-hit`.
   * False when systemd has no such unit loaded: then there is nothing to forget.
   * Any other refusal (access denied, a bad name) is thrown.
   */
  async resetFailed(unit: string): Promise<boolean> {
    try {
      await this.bus.call({ path: MANAGER_PATH, iface: MANAGER, member: 'ResetFailedUnit', signature: 's', body: [unit] });
      return true;
    } catch (err) {
      if (err instanceof SystemdCallError && err.dbusName === NO_SUCH_UNIT) return false;
      throw err;
    }
  }

  getUnitState(unit: string): Promise<UnitState> {
    return readUnitState(this.bus, unit);
  }

  /** The files a unit was loaded from: its fragment, a Quadlet source, its drop-ins. */
  getUnitSources(unit: string): Promise<UnitSources> {
    return readUnitSources(this.bus, unit);
  }

  /** For each unit, the units it requires, wants, binds to, is part of or is ordered after. */
  getDependencies(units: readonly string[]): Promise<Map<string, string[]>> {
    return readDependencies(this.bus, units);
  }

  /** Watch a unit from now on for the window: `healthy`, or `failed` with reason and journal. */
  settle(unit: string, opts: SettleOptions = {}): Promise<SettleResult> {
    return settleUnit(this.bus, unit, opts);
  }

  /**
   * Start or restart a unit and judge it (with TryRestartUnit a stopped unit stays
   * stopped, and is then judged failed: ask getUnitState first if that matters): the job's result, then (if `done`) the
   * settle verdict over the window, measured from the job's end. The watcher is
   * attached before the call, so a process that dies right after the job is seen.
   */
  async startAndSettle(
    unit: string,
    opts: JobOptions & SettleOptions & { method?: Extract<JobMethod, 'StartUnit' | 'RestartUnit' | 'TryRestartUnit' | 'ReloadOrRestartUnit'> } = {},
  ): Promise<RestartReport> {
    const watcher = await UnitWatcher.start(this.bus, unit);
    try {
      return await this.judgeJob(watcher, opts.method ?? 'RestartUnit', unit, opts);
    } finally {
      watcher.stop();
    }
  }

  /** Run a job on a watched unit; if it ends `done`, judge the unit over the settle window from the job's end. */
  private async judgeJob(watcher: UnitWatcher, method: JobMethod, unit: string, opts: JobOptions & SettleOptions): Promise<RestartReport> {
    const tracked = await runJob(this.bus, method, unit, opts);
    const job = stripSeq(tracked);
    if (job.result !== 'done') return { job, healthy: false, ...(await this.whyJobFailed(unit, opts)) };
    const ready = opts.evidence?.();
    const early = ready !== undefined ? { minMs: opts.minMs ?? 0, ready } : undefined;
    const outcome = await watcher.judge(tracked.removedSeq, opts.windowMs ?? DEFAULT_SETTLE_WINDOW_MS, early);
    const settle = await toSettleResult(watcher, outcome, opts);
    return { job, settle, healthy: settle.verdict === 'healthy' };
  }

  /** The unit's state and its journal after a job that did not end `done`: the why. */
  private async whyJobFailed(unit: string, opts: SettleOptions): Promise<{ state: UnitState; journal: string[] }> {
    const state = await readUnitState(this.bus, unit);
    const journal = state.invocationId ? await (opts.journal ?? journalctlReader())(unit, state.invocationId, { since: state.timestamps.inactiveExit }) : [];
    return { state, journal };
  }

  /**
   * RestartUnit + settle: what an updater needs after switching a unit's image.
   * With `via` (a pod member's pod unit), `via` is restarted instead: stopping it
   * stops the member (BindsTo=), starting it starts the member again (Wants=).
   * The member is then judged: its start job (queued by the pod's, or asked for
   * here if none was) must end `done`, then the settle window runs on it.
   */
  async restartAndSettle(unit: string, opts: JobOptions & SettleOptions & { via?: string } = {}): Promise<RestartReport> {
    const { via, ...rest } = opts;
    if (!via) return this.startAndSettle(unit, { ...rest, method: 'RestartUnit' });
    const watcher = await UnitWatcher.start(this.bus, unit);
    try {
      const pod = stripSeq(await runJob(this.bus, 'RestartUnit', via, rest));
      if (pod.result !== 'done') return { job: pod, healthy: false, ...(await this.whyJobFailed(via, rest)) };
      // A start job merges with the one the pod queued, or is `done` at once when the member is up.
      return await this.judgeJob(watcher, 'StartUnit', unit, rest);
    } finally {
      watcher.stop();
    }
  }

  enableUnitFiles(files: string[], opts?: UnitFileOptions): Promise<{ carriesInstallInfo: boolean; changes: UnitFileChange[] }> {
    return enableUnitFiles(this.bus, files, opts);
  }

  disableUnitFiles(files: string[], opts?: UnitFileOptions): Promise<UnitFileChange[]> {
    return disableUnitFiles(this.bus, files, opts);
  }

  linkUnitFiles(paths: string[], opts?: UnitFileOptions): Promise<UnitFileChange[]> {
    return linkUnitFiles(this.bus, paths, opts);
  }

  /** `enabled`, `disabled`, `static`, …; '' when there is no such unit file. */
  getUnitFileState(file: string): Promise<string> {
    return unitFileState(this.bus, file);
  }

  timerStatus(timer: string, service: string): Promise<TimerStatus> {
    return readTimerStatus(this.bus, timer, service);
  }

  close(): void {
    this.bus.close();
  }
}

function stripSeq(j: JobOutcome & { removedSeq?: number }): JobOutcome {
  const { removedSeq: _drop, ...rest } = j;
  return rest;
}

/** Connect to systemd (system bus, or the user's with `scope: 'user'`). Close the result when done. */
export function connectSystemd(opts: ConnectOptions = {}): Promise<Systemd> {
  return Systemd.connect(opts);
}

/** Run `fn` with a connection and always close it. */
export async function withSystemd<T>(opts: ConnectOptions, fn: (sd: Systemd) => Promise<T>): Promise<T> {
  const sd = await connectSystemd(opts);
  try {
    return await fn(sd);
  } finally {
    sd.close();
  }
}
