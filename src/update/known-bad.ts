/**
 * A candidate that already failed its health gate on a unit is not tried again
 * by the next run on its own: otherwise every timer run would restart the
 * service onto the same broken image and roll it back again. Naming the unit
 * (`quadctl update --unit U`) retries it; a different digest is tried as usual.
 */
import { type HistoryEntry, sameUnit } from './history';
import type { PlanRow } from './plan';

function failedBefore(row: PlanRow, history: readonly HistoryEntry[]): HistoryEntry | undefined {
  const digest = row.candidate?.digest;
  if (!digest) return undefined;
  return [...history]
    .reverse()
    .find((e) => e.kind === 'update' && (e.result === 'rolled-back' || e.result === 'failed') && sameUnit(e.unit, row.unit) && e.container === row.container && e.to?.digest === digest);
}

export function holdBackKnownBad(rows: readonly PlanRow[], history: readonly HistoryEntry[], namedUnits: readonly string[]): PlanRow[] {
  return rows.map((row) => {
    if (row.action !== 'update' || namedUnits.some((u) => sameUnit(u, row.unit))) return row;
    const bad = failedBefore(row, history);
    if (!bad) return row;
    return { ...row, action: 'skip', reason: `skipped: ${row.candidate?.digest.slice(0, 19)}… was ${bad.result} before [${bad.id}]; quadctl update --unit ${row.unit} tries it again` };
  });
}
