/**
 * One unit's update as a transaction with recorded steps:
 *
 *   begin (intent: from, to, previous drop-in)      ─ recorded before anything changes
 *   → pull the candidate by digest                  ─ step `pulled` (with its image ID)
 *   → switch: same tag → move the tag (old image kept);
 *             new tag → image drop-in + reload       ─ step `switched`
 *   → restart over D-Bus, settle window             ─ step `restarted`
 *   → health gate                                   ─ step `verified`
 *   → end `updated`
 *
 * Any failure after the switch began rolls back: `rollback-started` (why) →
 * the previous image tagged back and the previous drop-in restored → restart →
 * the same gate on the previous image → end `rolled-back` (or `failed` when
 * even that did not come up; then the unit is at least started again).
 *
 * Every step is idempotent, so a transaction interrupted at any point (kill -9)
 * is resumed from its last recorded step by `resume` — see recovery.ts.
 *
 * Restore before bookkeeping: a history record that cannot be written (a full
 * disk) on the way forward is a failure like any other and rolls back. Once
 * rolling back, records are best effort: the previous image and drop-in are
 * put back and the unit started whatever the history says, and the outcome
 * carries what could not be recorded (`unrecorded`), which fails the run.
 */
import type { BeginRecord, EndRecord, HistoryEntry, HistoryRecord, Result, Step } from './history';
import { HISTORY_VERSION } from './history';
import { gatherEvidence, healthGate, MIN_SETTLE_MS, type Cancel, type Evidence, type GateResult } from './health-gate';
import { repositoryOf, type HealthSettings } from './discovery';
import { DEFAULT_HOOK_TIMEOUT_MS, hookEnv, hookNote, type HookResult, type HookStage } from './hooks';
import type { Ports } from './ports';

const DEFAULT_SETTLE_MS = 10_000;

/** Where a transaction starts or resumes. */
export type Phase = 'pull' | 'switch' | 'restart' | 'rollback';

export interface TxnOutcome {
  id: string;
  kind: BeginRecord['kind'];
  unit: string;
  container: string;
  policy: string;
  result: Result;
  reason: string;
  from: BeginRecord['from'];
  to: BeginRecord['to'];
  durationMs: number;
  /** Set when the candidate itself failed its health gate (not a pull or a switch): what makes it known-bad. */
  gateFailure?: string;
  /** Why the history misses records of this transaction (the state directory could not be written). */
  unrecorded?: string;
}

interface Txn {
  begin: BeginRecord;
  health: HealthSettings;
  /** The unit to restart when not the container's own (its pod's unit). */
  restartUnit?: string;
  /** The candidate's image ID once known. */
  imageId: string;
  /** The run's pull of the candidate, used instead of pulling again. */
  pulled?: Pulled;
  /** Restoring: records may fail without stopping the restore. */
  bestEffort?: boolean;
  /** The first record that could not be written. */
  unrecorded?: string;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function write(ports: Ports, t: Txn, record: HistoryRecord): Promise<void> {
  try {
    await ports.record(record);
  } catch (err) {
    if (!t.bestEffort) throw err;
    t.unrecorded ??= message(err);
  }
}

async function step(ports: Ports, t: Txn, name: Step, note?: string, imageId?: string): Promise<void> {
  await write(ports, t, { v: HISTORY_VERSION, type: 'step', txn: t.begin.txn, at: ports.now(), step: name, ...(note ? { note } : {}), ...(imageId ? { imageId } : {}) });
}

/** A failed update is an error in the journal, a rollback (services run, on the old image) a warning. */
const RESULT_LEVEL: Readonly<Record<Result, 'err' | 'warning' | 'info'>> = { updated: 'info', skipped: 'info', 'rolled-back': 'warning', failed: 'err' };

async function end(ports: Ports, t: Txn, result: Result, reason: string, journal: string[] = []): Promise<TxnOutcome> {
  const at = ports.now();
  const record: EndRecord = { v: HISTORY_VERSION, type: 'end', txn: t.begin.txn, at, result, reason, ...(journal.length ? { journal: journal.slice(-40) } : {}) };
  await write(ports, t, record);
  if (t.unrecorded) reason = `${reason}; the history is incomplete: ${t.unrecorded}`;
  ports.progress({ unit: t.begin.unit, message: `${result}: ${reason}`, level: RESULT_LEVEL[result] });
  const { begin } = t;
  return {
    id: begin.txn,
    kind: begin.kind,
    unit: begin.unit,
    container: begin.container,
    policy: begin.policy,
    result,
    reason,
    from: begin.from,
    to: { ...begin.to, imageId: t.imageId || begin.to.imageId },
    durationMs: at - begin.at,
    ...(t.unrecorded ? { unrecorded: t.unrecorded } : {}),
  };
}

/** The image ID for `to`: already present (by ID), else pulled by digest. */
async function ensureImage(ports: Ports, unit: string, imageId: string, pull: string, image: string, authFile: string | undefined, restoring = false): Promise<string> {
  if (imageId && (await ports.images.inspect(imageId))) return imageId;
  // Already here (an earlier --download-only, or the image being rolled back to): no network needed.
  const present = pull ? await ports.images.inspect(pull) : null;
  if (present) return present.id;
  if (pull) {
    ports.progress({ unit, message: `pulling ${pull}` });
    const options = { ...(authFile ? { authFile } : {}), ...(restoring ? { restoring } : {}) };
    return (await ports.images.pull(pull, Object.keys(options).length ? options : undefined)).imageId;
  }
  const local = await ports.images.inspect(image);
  if (!local) throw new Error(`${image} is not in local storage and there is nothing to pull`);
  return local.id;
}

function pulledImage(p: Pulled): string {
  if (!p.ok) throw new Error(p.error);
  return p.imageId;
}

async function switchTo(ports: Ports, unit: string, fromImage: string, toImage: string, imageId: string): Promise<void> {
  await ports.images.tag(imageId, toImage);
  if (toImage !== fromImage) await ports.config.switchImage(unit, fromImage, toImage);
}

async function gate(ports: Ports, t: Txn, imageId: string, recordAs: Step): Promise<GateResult> {
  const windowMs = t.health.settleMs ?? DEFAULT_SETTLE_MS;
  const via = t.restartUnit && t.restartUnit !== t.begin.unit ? t.restartUnit : undefined;
  const input = { unit: t.begin.unit, containerName: t.begin.container, imageId, probe: t.health.probe, timeoutMs: t.health.timeoutMs };
  const cancel: Cancel = { stopped: false };
  let evidence: Promise<Evidence> | undefined;
  const settle = {
    windowMs,
    minMs: Math.min(windowMs, MIN_SETTLE_MS),
    evidence: async (): Promise<boolean> => {
      // Never rejects: the gate may already have its verdict when this ends.
      evidence = gatherEvidence(ports, input, cancel).catch((err: unknown): Evidence => ({ ok: false, detail: `the health check could not run: ${message(err)}` }));
      const e = await evidence;
      return !e.ok || e.signal;
    },
  };
  const restart = await ports.units.restart(t.begin.unit, settle, via);
  if (!restart.healthy) cancel.stopped = true;
  await step(ports, t, recordAs, restart.detail);
  return healthGate(ports, { ...input, restart }, evidence);
}

/** Runs the unit's hook for `stage`, if it has one, and records it as a step; null when there is none. */
async function hook(ports: Ports, t: Txn, stage: HookStage, result: string): Promise<HookResult | null> {
  const command = t.health.hooks?.[stage];
  if (!command || !ports.hooks) return null;
  ports.progress({ unit: t.begin.unit, message: `running ${stage}-hook` });
  const r = await ports.hooks.run(command, hookEnv(stage, t.begin, result), t.health.hooks?.timeoutMs ?? DEFAULT_HOOK_TIMEOUT_MS, t.begin.unit);
  await step(ports, t, `${stage}-hook`, hookNote(stage, command, r));
  return r;
}

/** The rollback-hook, told how the rollback ended, then the end record. */
async function endRollback(ports: Ports, t: Txn, result: Result, reason: string, journal: string[]): Promise<TxnOutcome> {
  await hook(ports, t, 'rollback', result);
  return end(ports, t, result, reason, journal);
}

async function rollback(ports: Ports, t: Txn, why: string, journal: string[]): Promise<TxnOutcome> {
  const { unit, from } = t.begin;
  t.bestEffort = true;
  ports.progress({ unit, message: `rolling back: ${why}`, level: 'warning' });
  try {
    await step(ports, t, 'rollback-started', why);
    const previous = await ensureImage(ports, unit, from.imageId, from.digest ? `${repositoryOf(from.image)}@${from.digest}` : '', from.image, t.begin.authFile, true);
    await ports.images.tag(previous, from.image);
    await ports.config.restore(unit, { dropIn: from.dropIn });
    await step(ports, t, 'restored');
    const verdict = await gate(ports, t, previous, 'rollback-restarted');
    if (verdict.ok) {
      await step(ports, t, 'rollback-verified', verdict.detail);
      return endRollback(ports, t, 'rolled-back', `${why}; back on ${from.image} (${short(from.digest || previous)}), healthy`, journal);
    }
    return lastResort(ports, t, `${why}; the rollback did not come up either: ${verdict.detail}`, [...journal, ...(verdict.ok ? [] : verdict.journal)]);
  } catch (err) {
    return lastResort(ports, t, `${why}; the rollback failed: ${message(err)}`, journal);
  }
}

/** Never leave a service stopped: start it whatever it runs, then record the failure. */
async function lastResort(ports: Ports, t: Txn, reason: string, journal: string[]): Promise<TxnOutcome> {
  t.bestEffort = true;
  try {
    await ports.units.start(t.begin.unit);
  } catch (err) {
    reason = `${reason}; starting it again failed: ${message(err)}`;
  }
  return endRollback(ports, t, 'failed', reason, journal);
}

function short(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}

async function forward(ports: Ports, t: Txn, phase: Phase): Promise<TxnOutcome> {
  const { unit, to, from } = t.begin;
  if (phase === 'pull') {
    const pre = await hook(ports, t, 'pre', 'pending');
    if (pre && !pre.ok) return end(ports, t, 'skipped', `pre-hook failed (${pre.detail}), nothing changed`);
    try {
      t.imageId = t.pulled ? pulledImage(t.pulled) : await ensureImage(ports, unit, to.imageId, t.begin.pull, to.image, t.begin.authFile);
    } catch (err) {
      t.bestEffort = true;
      return end(ports, t, 'failed', `pull failed, nothing changed: ${message(err)}`);
    }
    try {
      await step(ports, t, 'pulled', undefined, t.imageId);
    } catch (err) {
      t.bestEffort = true;
      t.unrecorded = message(err);
      return end(ports, t, 'failed', 'pulled, but nothing was switched: the history could not be written');
    }
  }
  try {
    if (phase === 'pull' || phase === 'switch') {
      if (!t.imageId) t.imageId = await ensureImage(ports, unit, to.imageId, t.begin.pull, to.image, t.begin.authFile);
      ports.progress({ unit, message: to.image === from.image ? `moving tag ${to.image} to ${short(to.digest || t.imageId)}` : `switching ${from.image} → ${to.image}` });
      await switchTo(ports, unit, from.image, to.image, t.imageId);
      await step(ports, t, 'switched');
    }
    ports.progress({ unit, message: `restarting, settle ${(t.health.settleMs ?? DEFAULT_SETTLE_MS) / 1000}s` });
    const verdict = await gate(ports, t, t.imageId, 'restarted');
    if (!verdict.ok) return { ...(await rollback(ports, t, verdict.detail, verdict.journal)), gateFailure: verdict.detail };
    // A failing post-hook is a failed health gate: the candidate becomes known-bad too.
    const post = await hook(ports, t, 'post', 'healthy');
    if (post && !post.ok) {
      const detail = `post-hook failed (${post.detail})`;
      return { ...(await rollback(ports, t, detail, [])), gateFailure: detail };
    }
    await step(ports, t, 'verified', verdict.detail);
    // Awaited here, so a record that cannot be written rolls back like any failure.
    return await end(ports, t, 'updated', `${from.image} → ${to.image} (${short(to.digest || t.imageId)}): ${verdict.detail}`);
  } catch (err) {
    return rollback(ports, t, message(err), []);
  }
}

/** A pull the run already made for this candidate (shared by the units that run it). */
export type Pulled = { ok: true; imageId: string } | { ok: false; error: string };

export interface TxnRequest {
  begin: Omit<BeginRecord, 'v' | 'type' | 'txn' | 'at'>;
  health: HealthSettings;
  /** Target.restartUnit: the pod's unit for a pod member. */
  restartUnit?: string;
  /** The run's pull of the candidate; without it the transaction pulls itself. */
  pulled?: Pulled;
}

/** Records the intent, then runs the transaction to `updated`, `rolled-back` or `failed`. */
export async function runTransaction(ports: Ports, request: TxnRequest): Promise<TxnOutcome> {
  const begin: BeginRecord = { v: HISTORY_VERSION, type: 'begin', txn: ports.newId(), at: ports.now(), ...request.begin };
  const t: Txn = { begin, health: request.health, imageId: '', ...(request.restartUnit ? { restartUnit: request.restartUnit } : {}), ...(request.pulled ? { pulled: request.pulled } : {}) };
  try {
    await ports.record(begin);
  } catch (err) {
    const unrecorded = message(err);
    const { unit, container, kind, policy, from, to } = begin;
    return { id: begin.txn, kind, unit, container, policy, result: 'failed', reason: `nothing changed: the history could not be written: ${unrecorded}`, from, to, durationMs: 0, unrecorded };
  }
  return forward(ports, t, 'pull');
}

/** Rebuilds the begin record an entry came from (for resuming it). */
function beginOf(entry: HistoryEntry): BeginRecord | null {
  if ((entry.kind !== 'update' && entry.kind !== 'rollback') || !entry.from || !entry.to) return null;
  return {
    v: HISTORY_VERSION,
    type: 'begin',
    txn: entry.id,
    at: entry.startedAt,
    unit: entry.unit,
    container: entry.container,
    kind: entry.kind,
    trigger: entry.trigger,
    policy: entry.policy,
    from: { image: entry.from.image, digest: entry.from.digest, imageId: entry.from.imageId, dropIn: entry.from.dropIn ?? null },
    to: { image: entry.to.image, digest: entry.to.digest, imageId: entry.to.imageId },
    pull: entry.pull,
    ...(entry.authFile ? { authFile: entry.authFile } : {}),
    reason: entry.reason,
  };
}

/** Continues an interrupted transaction at `phase` (see recovery.ts for how it is chosen). */
export async function resumeTransaction(ports: Ports, entry: HistoryEntry, phase: Phase, health: HealthSettings, why: string, restartUnit?: string): Promise<TxnOutcome> {
  const begin = beginOf(entry);
  if (!begin) throw new Error(`history entry ${entry.id} is not a transaction`);
  const t: Txn = { begin, health, imageId: entry.to?.imageId ?? '', ...(restartUnit ? { restartUnit } : {}) };
  await step(ports, t, 'recovering', why);
  ports.progress({ unit: begin.unit, message: `recovering interrupted ${begin.kind} ${begin.txn}: ${why}` });
  if (phase === 'rollback') return rollback(ports, t, `${lastRollbackReason(entry)} (resumed after an interruption)`, []);
  return forward(ports, t, phase);
}

function lastRollbackReason(entry: HistoryEntry): string {
  const started = [...entry.steps].reverse().find((s) => s.step === 'rollback-started');
  return started?.note ?? 'interrupted during a rollback';
}
