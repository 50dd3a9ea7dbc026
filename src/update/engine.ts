/**
 * One `quadctl update` run, start to end, over the ports:
 *   1. read the history; finish transactions an earlier run left unfinished;
 *   2. discover containers, ask registries (one question per image and policy);
 *   3. plan; stop here for --check-only / --dry-run;
 *   4. --download-only: pull the candidates, restart nothing;
 *   5. otherwise run one transaction per unit to update — chains of related
 *      units in order, independent chains concurrently (bounded) — and prune
 *      the image before the previous one of every updated unit.
 */
import type { CheckResult } from '../registry/check';
import { createLimiter } from '../registry/limit';
import { discoverTargets, type HealthSettings, type Target } from './discovery';
import { HISTORY_VERSION, type HistoryEntry, sameUnit } from './history';
import type { ContainerFacts, ImageFacts } from './inspect-types';
import { stateAfter } from './outcome-state';
import { orderChains } from './order';
import { buildPlan, type CheckQuestion, checkKey, checkRequests, type PlanRow, type Trigger } from './plan';
import type { Ports } from './ports';
import { planRecovery, type RecoveryPlan } from './recovery';
import { resumeTransaction, runTransaction, type TxnOutcome } from './transaction';
import type { UpdaterState } from './resolved';

export type RunMode = 'apply' | 'dry-run' | 'check-only' | 'download-only';

export interface RunOptions {
  mode: RunMode;
  trigger: Trigger;
  /** Limit the run to these units (`web` means `web.service`). */
  units?: string[];
  /** How many independent chains of units update at once. */
  concurrency: number;
}

export interface EnginePorts extends Ports {
  /** Running containers and the images they run (by image ID). */
  discover(): Promise<{ containers: ContainerFacts[]; images: Map<string, ImageFacts> }>;
  /** Answers in request order; a request's authFile names credentials to look up before the usual search. */
  check(requests: CheckQuestion[]): Promise<CheckResult[]>;
  history(): Promise<HistoryEntry[]>;
  /** For each unit, the units it depends on or is ordered after. */
  dependencies(units: string[]): Promise<Map<string, string[]>>;
  /** Remove an image no longer needed; must refuse (not force) when a container uses it. */
  removeImage(imageId: string): Promise<void>;
  /** The updater's state (resolved.ts): holds, resolved images, known-bad digests. */
  state: StatePort;
}

export interface StatePort {
  read(): Promise<UpdaterState>;
  /** Applies a pure change to the state on disk, atomically; resolves to the new state. */
  update(change: (state: UpdaterState) => UpdaterState): Promise<UpdaterState>;
}

/** Records what finished transactions resolved, held or found bad. */
export async function recordOutcomes(ports: Pick<EnginePorts, 'state' | 'now'>, outcomes: readonly TxnOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const at = ports.now();
  await ports.state.update((s) => outcomes.reduce((acc, o) => stateAfter(acc, o, at), s));
}

export interface Download {
  unit: string;
  pull: string;
  ok: boolean;
  detail: string;
}

export type RunVerdict = 'ok' | 'rolled-back' | 'failed';

export interface RunReport {
  mode: RunMode;
  /** Interrupted transactions found; with --dry-run/--check-only, what would be done. */
  recovery: { id: string; unit: string; why: string; outcome?: TxnOutcome }[];
  plan: PlanRow[];
  outcomes: TxnOutcome[];
  downloads: Download[];
  pruned: string[];
  verdict: RunVerdict;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function wanted(unit: string, units: string[] | undefined): boolean {
  return !units || units.length === 0 || units.some((u) => sameUnit(unit, u));
}

async function discover(ports: EnginePorts, opts: RunOptions): Promise<Target[]> {
  const { containers, images } = await ports.discover();
  return discoverTargets(containers, images).filter((t) => wanted(t.unit, opts.units));
}

function targetFor(targets: readonly Target[], unit: string, container: string): Target | undefined {
  return targets.find((t) => t.unit === unit && t.container === container) ?? targets.find((t) => t.unit === unit);
}

function healthFor(targets: readonly Target[], unit: string, container: string): HealthSettings {
  return targetFor(targets, unit, container)?.health ?? {};
}

async function recover(ports: EnginePorts, plans: RecoveryPlan[], targets: Target[]): Promise<RunReport['recovery']> {
  const done: RunReport['recovery'] = [];
  for (const p of plans) {
    const health = healthFor(targets, p.entry.unit, p.entry.container);
    const outcome = await resumeTransaction(ports, p.entry, p.phase, health, p.why, targetFor(targets, p.entry.unit, p.entry.container)?.restartUnit);
    done.push({ id: p.entry.id, unit: p.entry.unit, why: p.why, outcome });
  }
  return done;
}

async function plan(ports: EnginePorts, targets: Target[], trigger: Trigger, state: UpdaterState): Promise<PlanRow[]> {
  const requests = checkRequests(targets, trigger, state);
  const results = requests.length ? await ports.check(requests) : [];
  const checks = new Map(results.map((r, i) => [checkKey(requests[i].reference, requests[i].policy, requests[i].authFile, requests[i].avoid), r]));
  const local = new Map<string, ImageFacts | undefined>();
  for (const t of targets) if (t.mode.kind === 'local' && !local.has(t.image)) local.set(t.image, (await ports.images.inspect(t.image)) ?? undefined);
  return refuseHandWrittenTags(ports, buildPlan({ targets, checks, local, trigger, state }));
}

/**
 * A new tag needs a unit file quadctl may change (image-switch.ts); a hand-written
 * `.service` gets the news but keeps its tag.
 */
async function refuseHandWrittenTags(ports: EnginePorts, rows: PlanRow[]): Promise<PlanRow[]> {
  return Promise.all(
    rows.map(async (r) => {
      if (r.action !== 'update' || !r.candidate || r.candidate.image === r.image) return r;
      const origin = await ports.config.origin(r.unit).catch(() => 'hand-written' as const);
      if (origin !== 'hand-written') return r;
      return { ...r, action: 'skip' as const, reason: `skipped: ${r.reason}, but ${r.unit} is hand-written: change its tag yourself, or let quadctl generate it (quadctl apply), or use a Quadlet .container` };
    }),
  );
}

async function download(ports: EnginePorts, rows: PlanRow[], concurrency: number): Promise<Download[]> {
  const limit = createLimiter(concurrency);
  const pulls = rows.filter((r) => r.candidate?.pull);
  return Promise.all(
    pulls.map((r) =>
      limit(async (): Promise<Download> => {
        const pull = r.candidate?.pull ?? '';
        ports.progress({ unit: r.unit, message: `downloading ${pull}` });
        try {
          const authFile = r.target.authFile;
          const { imageId } = await ports.images.pull(pull, authFile ? { authFile } : undefined);
          return { unit: r.unit, pull, ok: true, detail: `pulled ${imageId.slice(0, 12)}` };
        } catch (err) {
          return { unit: r.unit, pull, ok: false, detail: message(err) };
        }
      }),
    ),
  );
}

async function applyRow(ports: EnginePorts, row: PlanRow, trigger: Trigger): Promise<TxnOutcome> {
  const c = row.candidate;
  if (!c) throw new Error(`internal: ${row.unit} has no candidate`);
  const config = await ports.config.read(row.unit);
  return runTransaction(ports, {
    begin: {
      unit: row.unit,
      container: row.container,
      kind: 'update',
      trigger,
      policy: row.policy,
      from: { image: row.image, digest: row.currentDigest, imageId: row.target.imageId, dropIn: config.dropIn },
      to: { image: c.image, digest: c.digest, imageId: '' },
      pull: c.pull,
      ...(row.target.authFile ? { authFile: row.target.authFile } : {}),
      reason: row.reason,
    },
    health: row.target.health,
    restartUnit: row.target.restartUnit,
  });
}

async function recordSkips(ports: EnginePorts, rows: PlanRow[], trigger: Trigger): Promise<void> {
  for (const r of rows.filter((row) => row.reason.startsWith('skipped: registry error'))) {
    await ports.record({ v: HISTORY_VERSION, type: 'skip', txn: ports.newId(), at: ports.now(), unit: r.unit, container: r.container, image: r.image, policy: r.policy, trigger, reason: r.reason });
  }
}

/** The image before the previous one of an updated unit, when nothing needs it any more. */
export function pruneCandidates(outcome: TxnOutcome, history: readonly HistoryEntry[]): string[] {
  if (outcome.result !== 'updated') return [];
  const earlier = history.filter((e) => e.id !== outcome.id && e.result === 'updated' && sameUnit(e.unit, outcome.unit) && e.container === outcome.container);
  const previousUpdate = earlier[earlier.length - 1];
  const older = previousUpdate?.from?.imageId ?? '';
  const keep = new Set([outcome.from.imageId, outcome.to.imageId]);
  return older && !keep.has(older) ? [older] : [];
}

async function prune(ports: EnginePorts, outcomes: TxnOutcome[], history: HistoryEntry[]): Promise<string[]> {
  const pruned: string[] = [];
  for (const id of new Set(outcomes.flatMap((o) => pruneCandidates(o, history)))) {
    try {
      await ports.removeImage(id);
      pruned.push(id);
    } catch {
      // Still used (another container, another tag): keeping it is the safe side.
    }
  }
  return pruned;
}

async function applyPlan(ports: EnginePorts, rows: PlanRow[], opts: RunOptions): Promise<TxnOutcome[]> {
  const updates = rows.filter((r) => r.action === 'update');
  const deps = updates.length ? await ports.dependencies([...new Set(updates.map((r) => r.unit))]) : new Map<string, string[]>();
  const chains = orderChains(updates.map((r) => ({ ...r, pod: r.target.pod })), deps);
  const limit = createLimiter(Math.max(1, opts.concurrency));
  const results = await Promise.all(
    chains.map((chain) =>
      limit(async () => {
        const out: TxnOutcome[] = [];
        for (const row of chain) out.push(await applyRow(ports, row, opts.trigger));
        return out;
      }),
    ),
  );
  return results.flat();
}

export function verdictOf(report: Pick<RunReport, 'plan' | 'outcomes' | 'downloads' | 'recovery'>): RunVerdict {
  const results = [...report.outcomes, ...report.recovery.flatMap((r) => (r.outcome ? [r.outcome] : []))].map((o) => o.result);
  const registryErrors = report.plan.some((r) => r.reason.startsWith('skipped: registry error'));
  if (results.includes('failed') || registryErrors || report.downloads.some((d) => !d.ok)) return 'failed';
  if (results.includes('rolled-back')) return 'rolled-back';
  return 'ok';
}

export async function runUpdate(ports: EnginePorts, opts: RunOptions): Promise<RunReport> {
  const changing = opts.mode === 'apply' || opts.mode === 'download-only';
  const history = await ports.history();
  const pending = planRecovery(history).filter((p) => wanted(p.entry.unit, opts.units));
  let targets = await discover(ports, opts);
  let recovery: RunReport['recovery'] = pending.map((p) => ({ id: p.entry.id, unit: p.entry.unit, why: p.why }));
  if (changing && pending.length) {
    recovery = await recover(ports, pending, targets);
    await recordOutcomes(ports, recovery.flatMap((r) => (r.outcome ? [r.outcome] : [])));
    targets = await discover(ports, opts);
  }
  const rows = await plan(ports, targets, opts.trigger, await ports.state.read());
  const report: RunReport = { mode: opts.mode, recovery, plan: rows, outcomes: [], downloads: [], pruned: [], verdict: 'ok' };
  if (opts.mode === 'download-only') report.downloads = await download(ports, rows.filter((r) => r.action === 'update'), opts.concurrency);
  if (opts.mode === 'apply') {
    await recordSkips(ports, rows, opts.trigger);
    report.outcomes = await applyPlan(ports, rows, opts);
    await recordOutcomes(ports, report.outcomes);
    report.pruned = await prune(ports, report.outcomes, await ports.history());
  }
  report.verdict = verdictOf(report);
  return report;
}
