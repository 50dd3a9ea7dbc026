// The systemd adapter's public data types. Callers (apply --now, the updater, the
// timer command) depend on these, not on dbus-next.
import type { Scope } from '../../paths';
import type { FailureReason, UnitSample } from '../../update/settle-verdict';

export type { FailureReason, UnitSample } from '../../update/settle-verdict';
export type { Scope } from '../../paths';

export interface ConnectOptions {
  /** `user` talks to the user's manager: DBUS_SESSION_BUS_ADDRESS, else $XDG_RUNTIME_DIR/bus. */
  scope?: Scope;
  /** An explicit D-Bus address (`unix:path=…`); overrides the scope's usual lookup. */
  busAddress?: string;
  /** Environment to read bus variables from; defaults to process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Give up connecting after this long (ms). Default 5000. */
  timeoutMs?: number;
}

/** The values JobRemoved reports (systemd's words), plus the job's unit. */
export type JobResult = 'done' | 'failed' | 'timeout' | 'canceled' | 'dependency' | 'skipped' | 'invalid';

export type JobMethod = 'StartUnit' | 'StopUnit' | 'RestartUnit' | 'TryRestartUnit' | 'ReloadOrRestartUnit';

/** systemd's job modes; `replace` is what systemctl uses by default. */
export type JobMode = 'replace' | 'fail' | 'isolate' | 'ignore-dependencies' | 'ignore-requirements';

export interface JobOptions {
  mode?: JobMode;
  /** Our own limit (ms) on waiting for JobRemoved. Default 120000. */
  timeoutMs?: number;
  /** When our limit fires, cancel the job in systemd too. Default true. */
  cancelOnTimeout?: boolean;
}

export interface JobOutcome {
  unit: string;
  method: JobMethod;
  /** The job's object path (`/org/freedesktop/systemd1/job/123`). */
  job: string;
  /**
   * systemd's result from JobRemoved; `timeout` also when *our* limit fired
   * first (then `gaveUp` is true and systemd may still be working on it).
   */
  result: JobResult;
  gaveUp: boolean;
  elapsedMs: number;
}

/** Wall-clock timestamps in milliseconds since the epoch; null when systemd has none. */
export interface UnitTimestamps {
  /** When the unit last left `inactive`/`failed`: the start of its current invocation. */
  inactiveExit: number | null;
  activeEnter: number | null;
  activeExit: number | null;
  inactiveEnter: number | null;
  stateChange: number | null;
  execMainStart: number | null;
  execMainExit: number | null;
}

export interface UnitState {
  name: string;
  loadState: string;
  activeState: string;
  subState: string;
  /** Service `Result`; '' for units that are not services. */
  result: string;
  nRestarts: number;
  execMainCode: number;
  execMainStatus: number;
  mainPid: number;
  /** 32 hex digits; '' when the unit has never been started. */
  invocationId: string;
  /** The unit file on disk changed since the last daemon-reload. */
  needDaemonReload: boolean;
  fragmentPath: string;
  unitFileState: string;
  timestamps: UnitTimestamps;
}

/** Bounds for a journal query: `since` = when the invocation began (ms since the epoch). */
export interface JournalWindow {
  since?: number | null;
}

/** Reads the journal lines of one invocation of a unit. */
export type JournalReader = (unit: string, invocationId: string, window?: JournalWindow) => Promise<string[]>;

export interface SettleOptions {
  /** How long the unit must stay active (ms). Default 10000. */
  windowMs?: number;
  /** With `evidence`: the window may end this early (ms) once the evidence is in. */
  minMs?: number;
  /** Started when the job is done; true once the caller has its health evidence (the window may end at minMs). */
  evidence?: () => Promise<boolean>;
  /** Where journal lines come from; default runs `journalctl`. */
  journal?: JournalReader;
}

export type SettleResult =
  | { verdict: 'healthy'; unit: string; invocationId: string; observedMs: number; state: UnitState }
  | {
      verdict: 'failed';
      unit: string;
      reason: FailureReason;
      detail: string;
      invocationId: string;
      observedMs: number;
      state: UnitState;
      /** The unit's journal for the failing invocation (`journalctl _SYSTEMD_INVOCATION_ID=…`). */
      journal: string[];
      samples: UnitSample[];
    };

/** A job and, when the job ended `done`, the settle verdict that followed it. */
export interface RestartReport {
  job: JobOutcome;
  /** Absent when the job itself did not end `done` (then the unit is not healthy). */
  settle?: SettleResult;
  healthy: boolean;
  /** When the job did not end `done`: the unit afterwards (e.g. Result `timeout`) … */
  state?: UnitState;
  /** … and its journal for that invocation. */
  journal?: string[];
}

/** One change systemd reports for EnableUnitFiles/DisableUnitFiles/LinkUnitFiles. */
export interface UnitFileChange {
  type: string; // 'symlink' | 'unlink' | …
  file: string;
  destination: string;
}

export interface UnitFileOptions {
  /** Under /run (gone at reboot) instead of /etc. */
  runtime?: boolean;
  /** Replace existing symlinks. */
  force?: boolean;
}

export interface TimerStatus {
  unit: string;
  loaded: boolean;
  /** `enabled`, `disabled`, `static`, … ('' when not installed). */
  unitFileState: string;
  enabled: boolean;
  activeState: string;
  /** Each `OnCalendar=` spec as systemd normalised it. */
  calendar: string[];
  /** Next elapse (ms since epoch) or null when none is scheduled. */
  nextElapse: number | null;
  lastTrigger: number | null;
  /** The triggered service's last run. */
  service: {
    unit: string;
    activeState: string;
    result: string;
    execMainStatus: number;
    lastStart: number | null;
    lastExit: number | null;
  };
}
