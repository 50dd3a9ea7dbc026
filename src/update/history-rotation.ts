/**
 * Bounding the history log: keep the newest N entries (what `quadctl history`
 * lists: an update, a rollback, a skipped unit), drop the older ones whole —
 * every record of a transaction goes or stays together, so no kept entry loses
 * its steps. A transaction that never ended is always kept, however old: it is
 * what recovery finishes on the next run. So are each unit's newest successful
 * update (what `quadctl rollback UNIT` undoes) and newest failed one (what keeps
 * the next run off a digest known to be bad), however old: rotation must not change
 * what quadctl does next, only how much it remembers. Pure: log text in, log text
 * out; the history adapter replaces the file atomically.
 */
import { foldRecords, recordOf, type HistoryEntry, type HistoryRecord, unfinished } from './history';

/** Entries kept when nothing else is configured: about three years of daily runs of one unit, a few weeks of 50. */
export const DEFAULT_HISTORY_KEEP = 1000;

interface Rotation {
  /** The log to write in place of the old one: kept lines unchanged, in their order. */
  text: string;
  /** Entries dropped. */
  dropped: number;
  kept: number;
}

/**
 * The log with only the newest `keep` entries (by start time, as listed), every
 * unfinished transaction and each unit's last outcomes; null when nothing would be dropped. `keep` 0
 * means no limit. Unreadable lines (a write torn by a crash) stay where they
 * are among the kept records and go with the dropped ones before them.
 */
/** Per unit and container: the newest update that succeeded and the newest that did not. */
function lastOutcomes(entries: readonly HistoryEntry[]): HistoryEntry[] {
  const newest = new Map<string, HistoryEntry>();
  for (const e of entries) {
    if (e.kind !== 'update' || e.result === null || e.result === 'skipped') continue;
    newest.set(`${e.unit}\0${e.container}\0${e.result === 'updated' ? 'ok' : 'bad'}`, e);
  }
  return [...newest.values()];
}

export function rotateHistory(text: string, keep: number): Rotation | null {
  if (keep <= 0) return null;
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const parsed = lines.map((line) => ({ line, record: recordOf(line) }));
  const entries = foldRecords(parsed.map((p) => p.record).filter((r): r is HistoryRecord => r !== null));
  if (entries.length <= keep) return null;
  const kept = new Set([...entries.slice(entries.length - keep), ...unfinished(entries), ...lastOutcomes(entries)].map((e) => e.id));
  const first = parsed.findIndex((p) => p.record !== null && kept.has(p.record.txn));
  const out = parsed.filter((p, i) => (p.record ? kept.has(p.record.txn) : first >= 0 && i > first)).map((p) => p.line);
  return { text: out.length ? `${out.join('\n')}\n` : '', dropped: entries.length - kept.size, kept: kept.size };
}
