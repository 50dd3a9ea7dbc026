/**
 * What a run tells the world: the documented, versioned payload (docs/notify.md)
 * built from the engine's RunReport. The generic webhook and exec: targets get
 * it as JSON; every other target's text is rendered from it. Pure.
 */
import type { NotifyEventName } from '../config/notify-sections';
import type { RunReport } from '../update/engine';
import type { PlanRow } from '../update/plan';
import type { TxnOutcome } from '../update/transaction';

/** Bumped only when a field changes meaning or goes away; new fields may be added in a version. */
const PAYLOAD_SCHEMA_VERSION = 1;

interface ImageSide {
  image: string;
  digest: string;
  /** The tag when it reads as a version (`1.2.0`, `v2`), else null. */
  version: string | null;
}

export interface UnitEvent {
  event: NotifyEventName;
  unit: string;
  container: string;
  from: ImageSide;
  /** null when there is no candidate (a registry error). */
  to: ImageSide | null;
  reason: string;
  /** The history entry (`quadctl history`), when the event is a transaction. */
  historyId: string | null;
}

export interface RunInfo {
  host: string;
  trigger: string;
  mode: string;
  verdict: string;
  startedAt: string;
  finishedAt: string;
  durationSeconds: number;
}

export interface Payload {
  schemaVersion: number;
  run: RunInfo;
  units: UnitEvent[];
}

function tagOf(image: string): string {
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash ? image.slice(colon + 1).split('@')[0] : '';
}

/** The image's tag when it reads as a version (`1.2.0`, `v2`), else null. */
export function versionOf(image: string): string | null {
  const tag = tagOf(image);
  return /^v?\d/.test(tag) ? tag : null;
}

function side(image: string, digest: string): ImageSide {
  return { image, digest, version: versionOf(image) };
}

const OUTCOME_EVENT: Record<TxnOutcome['result'], NotifyEventName> = { updated: 'updated', 'rolled-back': 'rolled-back', failed: 'failed', skipped: 'held' };

function fromOutcome(o: TxnOutcome): UnitEvent {
  return { event: OUTCOME_EVENT[o.result], unit: o.unit, container: o.container, from: side(o.from.image, o.from.digest), to: side(o.to.image, o.to.digest), reason: o.reason, historyId: o.id };
}

/** A held-back candidate (it failed before, or a hold) reads `skipped: … was rolled-back before` / `held`. */
export function heldBack(row: PlanRow): boolean {
  return row.action === 'skip' && /was (rolled-back|failed) before|\bheld\b/.test(row.reason);
}

function fromRow(row: PlanRow, mode: RunReport['mode']): UnitEvent | null {
  const base = { unit: row.unit, container: row.container, from: side(row.image, row.currentDigest), reason: row.reason, historyId: null };
  const to = row.candidate ? side(row.candidate.image, row.candidate.digest) : null;
  if (row.action === 'update' && mode !== 'apply') return { ...base, event: 'pending', to };
  if (heldBack(row)) return { ...base, event: 'held', to };
  if (row.action === 'skip' && row.reason.startsWith('skipped: registry error')) return { ...base, event: 'failed', to };
  return null;
}

interface RunContext {
  host: string;
  startedAt: number;
  finishedAt: number;
  trigger: string;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function buildPayload(report: RunReport, ctx: RunContext): Payload {
  const outcomes = [...report.recovery.flatMap((r) => (r.outcome ? [r.outcome] : [])), ...report.outcomes];
  const rows = report.plan.map((r) => fromRow(r, report.mode)).filter((e): e is UnitEvent => e !== null);
  const downloads = report.downloads
    .filter((d) => !d.ok)
    .map((d): UnitEvent => ({ event: 'failed', unit: d.unit, container: '', from: side('', ''), to: null, reason: `download of ${d.pull} failed: ${d.detail}`, historyId: null }));
  return {
    schemaVersion: PAYLOAD_SCHEMA_VERSION,
    run: {
      host: ctx.host,
      trigger: ctx.trigger,
      mode: report.mode,
      verdict: report.verdict,
      startedAt: iso(ctx.startedAt),
      finishedAt: iso(ctx.finishedAt),
      durationSeconds: Math.round((ctx.finishedAt - ctx.startedAt) / 100) / 10,
    },
    units: [...outcomes.map(fromOutcome), ...rows, ...downloads],
  };
}

/** The payload a target gets: only its events, split per unit when asked. Empty when nothing is left to say. */
export function payloadsFor(payload: Payload, events: readonly NotifyEventName[], perUnit: boolean): Payload[] {
  const units = payload.units.filter((u) => events.includes(u.event));
  if (units.length === 0) return [];
  return perUnit ? units.map((u) => ({ ...payload, units: [u] })) : [{ ...payload, units }];
}

/** What `quadctl notify test` sends: one unit, marked as a test in its reason. */
export function testPayload(ctx: RunContext): Payload {
  const unit: UnitEvent = {
    event: 'updated',
    unit: 'example.service',
    container: 'example',
    from: side('registry.example/app:1.0.0', 'sha256:' + '0'.repeat(64)),
    to: side('registry.example/app:1.0.1', 'sha256:' + '1'.repeat(64)),
    reason: 'a test message from quadctl notify test; nothing was changed',
    historyId: null,
  };
  return { schemaVersion: PAYLOAD_SCHEMA_VERSION, run: { host: ctx.host, trigger: 'manual', mode: 'test', verdict: 'ok', startedAt: iso(ctx.startedAt), finishedAt: iso(ctx.finishedAt), durationSeconds: 0 }, units: [unit] };
}
