/**
 * What the last run left behind for the metrics: when it ran, how it ended, and
 * each unit's image, pending update and hold. `quadctl update` saves it (run.json
 * in the state dir) so `quadctl metrics` prints the same text without asking a
 * registry. Pure.
 */
import { heldBack } from '../notify/payload';
import type { RunReport } from '../update/engine';
import type { PlanRow } from '../update/plan';
import type { TxnOutcome } from '../update/transaction';

const RUN_STATE_VERSION = 1;

export interface UnitState {
  unit: string;
  container: string;
  image: string;
  digest: string;
  /** A newer image is known and not applied (a check-only run, or a failed update). */
  pending: boolean;
  /** A newer image is held back (it failed before, or a hold). */
  held: boolean;
}

export interface RunState {
  v: number;
  finishedAt: number;
  durationMs: number;
  mode: string;
  verdict: string;
  /** The last run that ended `ok`, carried over from earlier runs. */
  lastOkAt: number | null;
  /** Notifications the run could not deliver. */
  notifyFailures: number;
  units: UnitState[];
}


function unitState(row: PlanRow, outcome: TxnOutcome | undefined): UnitState {
  const updated = outcome?.result === 'updated';
  const bad = outcome?.result === 'rolled-back' || outcome?.result === 'failed';
  return {
    unit: row.unit,
    container: row.container,
    image: updated ? outcome.to.image : row.image,
    digest: updated ? outcome.to.digest : row.currentDigest,
    pending: row.action === 'update' && !updated && !bad,
    held: bad || heldBack(row),
  };
}

export function runStateOf(report: RunReport, at: { startedAt: number; finishedAt: number }, previous: RunState | null, notifyFailures: number): RunState {
  const outcomes = new Map(report.outcomes.map((o) => [`${o.unit}\0${o.container}`, o]));
  return {
    v: RUN_STATE_VERSION,
    finishedAt: at.finishedAt,
    durationMs: at.finishedAt - at.startedAt,
    mode: report.mode,
    verdict: report.verdict,
    lastOkAt: report.verdict === 'ok' ? at.finishedAt : (previous?.lastOkAt ?? null),
    notifyFailures,
    units: report.plan.map((r) => unitState(r, outcomes.get(`${r.unit}\0${r.container}`))),
  };
}

/** A saved state as read back; null when it is not one (missing, older, torn). */
export function parseRunState(text: string): RunState | null {
  try {
    const v = JSON.parse(text) as Partial<RunState>;
    return v && v.v === RUN_STATE_VERSION && typeof v.finishedAt === 'number' && Array.isArray(v.units) ? (v as RunState) : null;
  } catch {
    return null;
  }
}
