/**
 * The history model. The log is append-only JSON lines: a transaction writes a
 * `begin` record (its intent, with everything needed to undo it), one `step`
 * record per step done, and an `end` record with the result. Reading folds the
 * records into entries; a transaction with no `end` was interrupted (a crash,
 * `kill -9`) and is what recovery picks up. Pure: text in, entries out.
 */
import { failed, ok, type Result as Checked } from '../result';

/** What started a run or a rollback: the timer, or someone by hand. */
export type Trigger = 'manual' | 'timer';

export const HISTORY_VERSION = 1;

/** An image as the history records it: enough to run it again. */
export interface ImageState {
  /** The reference the unit names: `localhost:5000/demo/web:1.2.0`. */
  image: string;
  digest: string;
  /** '' until known (a candidate before its pull). */
  imageId: string;
}

/**
 * The unit's configuration quadctl may change: the text of the one file a switch
 * rewrites — the generated unit, or quadctl's Quadlet drop-in (null = none).
 * The key keeps its first name so older histories still resume.
 */
export interface ConfigState {
  dropIn: string | null;
}

export type Result = 'updated' | 'rolled-back' | 'failed' | 'skipped';
export type TxnKind = 'update' | 'rollback';

export type Step =
  | 'pulled'
  | 'switched'
  | 'restarted'
  | 'verified'
  | 'committed'
  | 'rollback-started'
  | 'restored'
  | 'rollback-restarted'
  | 'rollback-verified'
  | 'recovering'
  | 'pre-hook'
  | 'post-hook'
  | 'rollback-hook';

export interface BeginRecord {
  v: number;
  type: 'begin';
  txn: string;
  at: number;
  unit: string;
  container: string;
  kind: TxnKind;
  trigger: Trigger;
  policy: string;
  from: ImageState & ConfigState;
  to: ImageState;
  /** What to pull for `to` (`repo@digest`); '' when nothing is to be pulled. */
  pull: string;
  /** The container's auth file for that pull (io.containers.autoupdate.authfile); absent when it has none. */
  authFile?: string;
  reason: string;
}

export interface StepRecord {
  v: number;
  type: 'step';
  txn: string;
  at: number;
  step: Step;
  note?: string;
  /** Set by `pulled`: the ID of the image the candidate turned out to be. */
  imageId?: string;
}

export interface EndRecord {
  v: number;
  type: 'end';
  txn: string;
  at: number;
  result: Result;
  reason: string;
  /** Journal lines of the failing invocation, when there was one. */
  journal?: string[];
}

/** A unit the run left alone for a reason worth keeping (a registry error). */
export interface SkipRecord {
  v: number;
  type: 'skip';
  txn: string;
  at: number;
  unit: string;
  container: string;
  image: string;
  policy: string;
  trigger: Trigger;
  reason: string;
}

/** A notification that could not be delivered (after its retries): kept so `quadctl history` shows it. */
export interface NotifyRecord {
  v: number;
  type: 'notify';
  txn: string;
  at: number;
  /** The [notify.NAME] target. */
  target: string;
  trigger: Trigger;
  attempts: number;
  /** Why, with secrets already cut out. */
  reason: string;
}

export type HistoryRecord = BeginRecord | StepRecord | EndRecord | SkipRecord | NotifyRecord;

export interface HistoryEntry {
  id: string;
  unit: string;
  container: string;
  kind: TxnKind | 'skip' | 'notify';
  trigger: Trigger;
  policy: string;
  startedAt: number;
  endedAt: number | null;
  durationMs: number | null;
  from: (ImageState & Partial<ConfigState>) | null;
  to: ImageState | null;
  pull: string;
  authFile?: string;
  /** null while the transaction has not ended (interrupted, or running now). */
  result: Result | null;
  reason: string;
  steps: { step: Step; at: number; note?: string }[];
  journal: string[];
}

export interface ParsedHistory {
  entries: HistoryEntry[];
  /** Lines that were not valid records (a torn last line after a crash is normal). */
  badLines: { line: number; text: string }[];
}

const RECORD_TYPES = new Set(['begin', 'step', 'end', 'skip', 'notify']);

function asRecord(value: unknown): HistoryRecord | null {
  if (typeof value !== 'object' || value === null) return null;
  const r = value as { type?: unknown; txn?: unknown; at?: unknown };
  if (typeof r.type !== 'string' || !RECORD_TYPES.has(r.type) || typeof r.txn !== 'string' || typeof r.at !== 'number') return null;
  return value as HistoryRecord;
}

/** One line of the log as a record; null when it is not one (a torn write). */
export function recordOf(line: string): HistoryRecord | null {
  try {
    return asRecord(JSON.parse(line));
  } catch {
    return null;
  }
}

export function parseRecords(text: string): { records: HistoryRecord[]; badLines: { line: number; text: string }[] } {
  const records: HistoryRecord[] = [];
  const badLines: { line: number; text: string }[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const record = recordOf(line);
    if (record) records.push(record);
    else badLines.push({ line: i + 1, text: line.length > 80 ? `${line.slice(0, 80)}…` : line });
  });
  return { records, badLines };
}

function fromBegin(b: BeginRecord): HistoryEntry {
  return {
    id: b.txn,
    unit: b.unit,
    container: b.container,
    kind: b.kind,
    trigger: b.trigger,
    policy: b.policy,
    startedAt: b.at,
    endedAt: null,
    durationMs: null,
    from: b.from,
    to: { ...b.to },
    pull: b.pull,
    ...(b.authFile ? { authFile: b.authFile } : {}),
    result: null,
    reason: b.reason,
    steps: [],
    journal: [],
  };
}

function fromSkip(s: SkipRecord): HistoryEntry {
  return {
    id: s.txn,
    unit: s.unit,
    container: s.container,
    kind: 'skip',
    trigger: s.trigger,
    policy: s.policy,
    startedAt: s.at,
    endedAt: s.at,
    durationMs: 0,
    from: { image: s.image, digest: '', imageId: '' },
    to: null,
    pull: '',
    result: 'skipped',
    reason: s.reason,
    steps: [],
    journal: [],
  };
}

function fromNotify(n: NotifyRecord): HistoryEntry {
  return { id: n.txn, unit: `notify.${n.target}`, container: '', kind: 'notify', trigger: n.trigger, policy: '', startedAt: n.at, endedAt: n.at, durationMs: 0, from: null, to: null, pull: '', result: 'failed', reason: `notification not delivered after ${n.attempts} attempt(s): ${n.reason}`, steps: [], journal: [] };
}

/** Folds records into entries, oldest first. Steps or ends of unknown transactions are ignored. */
export function foldRecords(records: readonly HistoryRecord[]): HistoryEntry[] {
  const byId = new Map<string, HistoryEntry>();
  for (const r of records) {
    if (r.type === 'begin') byId.set(r.txn, fromBegin(r));
    else if (r.type === 'skip') byId.set(r.txn, fromSkip(r));
    else if (r.type === 'notify') byId.set(r.txn, fromNotify(r));
    const entry = byId.get(r.txn);
    if (!entry) continue;
    if (r.type === 'step') {
      entry.steps.push({ step: r.step, at: r.at, ...(r.note ? { note: r.note } : {}) });
      if (r.imageId && entry.to) entry.to.imageId = r.imageId;
    } else if (r.type === 'end') {
      entry.result = r.result;
      entry.reason = r.reason;
      entry.endedAt = r.at;
      entry.durationMs = r.at - entry.startedAt;
      entry.journal = r.journal ?? [];
    }
  }
  return [...byId.values()].sort((a, b) => a.startedAt - b.startedAt);
}

export function parseHistory(text: string): ParsedHistory {
  const { records, badLines } = parseRecords(text);
  return { entries: foldRecords(records), badLines };
}

interface HistoryQuery {
  unit?: string;
  /** Only entries started at or after this time (ms since the epoch). */
  since?: number;
  /** The newest N entries. */
  limit?: number;
}

/** `web` → `web.service`, as systemctl reads a bare name. */
export function unitKey(unit: string): string {
  return /\.[a-z]+$/.test(unit) ? unit : `${unit}.service`;
}

/** Matches `web` against `web.service` as systemctl does for a bare name. */
export function sameUnit(a: string, b: string): boolean {
  return unitKey(a) === unitKey(b);
}

export function queryHistory(entries: readonly HistoryEntry[], q: HistoryQuery): HistoryEntry[] {
  const picked = entries.filter((e) => (q.unit === undefined || sameUnit(e.unit, q.unit)) && (q.since === undefined || e.startedAt >= q.since));
  return q.limit !== undefined && q.limit >= 0 ? picked.slice(Math.max(0, picked.length - q.limit)) : picked;
}

/** Transactions that began and never ended: what recovery must finish. */
export function unfinished(entries: readonly HistoryEntry[]): HistoryEntry[] {
  return entries.filter((e) => (e.kind === 'update' || e.kind === 'rollback') && e.result === null);
}

/** Finds an entry by its full ID or a unique prefix of at least 4 characters. */
export function findEntry(entries: readonly HistoryEntry[], id: string): Checked<HistoryEntry> {
  const exact = entries.find((e) => e.id === id);
  if (exact) return ok(exact);
  const matches = id.length >= 4 ? entries.filter((e) => e.id.startsWith(id)) : [];
  if (matches.length === 1) return ok(matches[0]);
  if (matches.length > 1) return failed(`history entry ${JSON.stringify(id)} is ambiguous: ${matches.map((e) => e.id).join(', ')}`);
  return failed(`no history entry ${JSON.stringify(id)}; \`quadctl history\` lists them`);
}
