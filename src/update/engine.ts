/**
 * One `quadctl update` run, start to end, over the ports:
 *   1. read the history; finish transactions an earlier run left unfinished
 *      (a full run only: --download-only never restarts, so it leaves them to the next full run);
 *   2. discover containers, ask registries (one question per image and policy);
 *   3. plan; stop here for --check-only / --dry-run;
 *   4. pull every distinct candidate once (bounded); --download-only stops here;
 *   5. otherwise run one transaction per unit to update — chains of related
 *      units in order, independent chains concurrently (bounded), their health
 *      gates overlapping — and prune the image before the previous one of every
 *      updated unit.
 */
import type { CheckResult } from '../registry/check';
import { createLimiter } from '../registry/limit';
import { discoverTargets, type HealthSettings, type Target } from './discovery';
import { HISTORY_VERSION, type HistoryEntry, sameUnit, type Trigger, unitKey } from './history';
import type { ContainerFacts, ImageFacts } from './inspect-types';
import { stateAfter } from './outcome-state';
import { DEFAULT_RESTARTS, orderChains } from './order';
import { buildPlan, type CheckQuestion, checkKey, checkRequests, type PlanRow } from './plan';
import type { Ports } from './ports';
import { planRecovery, type RecoveryPlan } from './recovery';
import { resumeTransaction, runTransaction, type Pulled, type TxnOutcome } from './transaction';
import type { UpdaterState } from './resolved';

export type RunMode = 'apply' | 'dry-run' | 'check-only' | 'download-only';

export interface RunOptions {
  mode: RunMode;
  trigger: Trigger;
  /** Limit the run to these units (`web` means `web.service`). */
  units?: string[];
  /** Registry requests and pulls at once. */
  concurrency: number;
  /** How many independent chains of units restart (and are watched) at once; default DEFAULT_RESTARTS. */
  restarts?: number;
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

/** `--unit` named units that no container is run by: bad input, found before anything changes. */
export class UnknownUnitsError extends Error {
  constructor(readonly units: string[]) {
    super(`no container is run by ${units.map(unitKey).join(', ')} (no container carries PODMAN_SYSTEMD_UNIT=${units.length === 1 ? units[0] : '…'}); \`quadctl status\` lists the units quadctl can update`);
    this.name = 'UnknownUnitsError';
  }
}

function wanted(unit: string, units: string[] | undefined): boolean {
  return !units || units.length === 0 || units.some((u) => sameUnit(unit, u));
}

async function discover(ports: EnginePorts, opts: RunOptions): Promise<Target[]> {
  const { containers, images } = await ports.discover();
  // Naming a pod's unit (`--unit app-pod`) means the containers it runs.
  return discoverTargets(containers, images).filter((t) => wanted(t.unit, opts.units) || wanted(t.restartUnit, opts.units));
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

/** One pull per distinct candidate (reference and credentials), shared by every unit that runs it. */
function pullKey(row: PlanRow): string {
  return `${row.candidate?.pull ?? ''}\0${row.target.authFile ?? ''}`;
}

/**
 * Every distinct candidate pulled once, at most `concurrency` at a time; resolves
 * once all have ended. A failed pull fails only the units that wanted that image.
 */
async function pullOnce(ports: EnginePorts, rows: readonly PlanRow[], concurrency: number): Promise<Map<string, Pulled>> {
  const limit = createLimiter(Math.max(1, concurrency));
  const first = new Map<string, PlanRow>();
  for (const r of rows) if (r.candidate?.pull && !first.has(pullKey(r))) first.set(pullKey(r), r);
  const done = await Promise.all(
    [...first].map(([key, r]) =>
      limit(async (): Promise<[string, Pulled]> => {
        const pull = r.candidate?.pull ?? '';
        try {
          // Already here (an earlier --download-only): no network needed.
          const present = await ports.images.inspect(pull);
          if (present) return [key, { ok: true, imageId: present.id }];
          ports.progress({ unit: r.unit, message: `downloading ${pull}` });
          const authFile = r.target.authFile;
          return [key, { ok: true, imageId: (await ports.images.pull(pull, authFile ? { authFile } : undefined)).imageId }];
        } catch (err) {
          return [key, { ok: false, error: message(err) }];
        }
      }),
    ),
  );
  return new Map(done);
}

async function download(ports: EnginePorts, rows: PlanRow[], concurrency: number): Promise<Download[]> {
  const pulled = await pullOnce(ports, rows, concurrency);
  return rows.flatMap((r): Download[] => {
    const p = pulled.get(pullKey(r));
    const pull = r.candidate?.pull ?? '';
    return p ? [{ unit: r.unit, pull, ok: p.ok, detail: p.ok ? `pulled ${p.imageId.slice(0, 12)}` : p.error }] : [];
  });
}

async function applyRow(ports: EnginePorts, row: PlanRow, trigger: Trigger, pulled: Pulled | undefined): Promise<TxnOutcome> {
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
    ...(pulled ? { pulled } : {}),
  });
}

async function recordSkips(ports: EnginePorts, rows: PlanRow[], trigger: Trigger): Promise<void> {
  for (const r of rows.filter((row) => row.reason.startsWith('skipped: registry error'))) {
    await ports.record({ v: HISTORY_VERSION, type: 'skip', txn: ports.newId(), at: ports.now(), unit: r.unit, container: r.container, image: r.image, policy: r.policy, trigger, reason: r.reason });
  }
}

/** The image before the previous one of an updated unit, when nothing needs it any more. */
function pruneCandidates(outcome: TxnOutcome, history: readonly HistoryEntry[]): string[] {
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

/**
 * All candidates are pulled before the first restart; then chains of related
 * units run one after another, independent chains `restarts` at a time, each
 * unit's health gate overlapping the others' restarts.
 */
async function applyPlan(ports: EnginePorts, rows: PlanRow[], opts: RunOptions): Promise<TxnOutcome[]> {
  const updates = rows.filter((r) => r.action === 'update');
  const deps = updates.length ? await ports.dependencies([...new Set(updates.map((r) => r.unit))]) : new Map<string, string[]>();
  // A unit with a pre-hook pulls after its hook has run (the hook may refuse the update).
  const pulled = await pullOnce(ports, updates.filter((r) => !r.target.health.hooks?.pre), opts.concurrency);
  const chains = orderChains(updates.map((r) => ({ ...r, pod: r.target.pod })), deps);
  const limit = createLimiter(Math.max(1, opts.restarts ?? DEFAULT_RESTARTS));
  const results = await Promise.all(
    chains.map((chain) =>
      limit(async () => {
        const out: TxnOutcome[] = [];
        for (const row of chain) out.push(await applyRow(ports, row, opts.trigger, pulled.get(pullKey(row))));
        return out;
      }),
    ),
  );
  return results.flat();
}

function verdictOf(report: Pick<RunReport, 'plan' | 'outcomes' | 'downloads' | 'recovery'>): RunVerdict {
  const outcomes = [...report.outcomes, ...report.recovery.flatMap((r) => (r.outcome ? [r.outcome] : []))];
  const results = outcomes.map((o) => o.result);
  // A registry error or a bad label skips only its own unit, but fails the run.
  const skippedInError = report.plan.some((r) => r.reason.startsWith('skipped: registry error') || r.target.problems.length > 0);
  // A history that could not be written fails the run, even when the unit was put back healthy.
  if (outcomes.some((o) => o.unrecorded) || results.includes('failed') || skippedInError || report.downloads.some((d) => !d.ok)) return 'failed';
  if (results.includes('rolled-back')) return 'rolled-back';
  return 'ok';
}

export async function runUpdate(ports: EnginePorts, opts: RunOptions): Promise<RunReport> {
  const history = await ports.history();
  const pending = planRecovery(history).filter((p) => wanted(p.entry.unit, opts.units));
  let targets = await discover(ports, opts);
  const unknown = (opts.units ?? []).filter((u) => !targets.some((t) => sameUnit(t.unit, u) || sameUnit(t.restartUnit, u)) && !pending.some((p) => sameUnit(p.entry.unit, u)));
  if (unknown.length) throw new UnknownUnitsError(unknown);
  let recovery: RunReport['recovery'] = pending.map((p) => ({ id: p.entry.id, unit: p.entry.unit, why: p.why }));
  if (opts.mode === 'apply' && pending.length) {
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
