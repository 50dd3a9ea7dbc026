import { rmSync } from 'node:fs';
import { StateFile } from '../../adapters/history';
import { hostEnv } from '../../adapters/fs/host-env';
import { scopeOf, stateDir } from '../../paths';
import { applyPlan, type PlannedFile } from '../../adapters/fs/unit-dir';
import { journalctlReader, withSystemd, type Systemd } from '../../adapters/systemd';
import { type Config, unitService } from '../../config';
import { describeResolved, formatVersion, requestOf, resolvedRows } from '../../render';
import { dropUnits, supersede, type Requested, type UpdaterState } from '../../update';
import { ExitCode } from '../exit-codes';
import { readConfig, readUpdaterState, renderFor } from './config-common';
import { fail } from '../command-error';
import { formatTable } from './summary';
import { legacyDropIns, type LegacyDropIn, planFor, servicesOf, type UnitPlan } from './unit-plan';
import { jsonText } from '../json-output';
import type { ConfigArgs } from '../commands/config-options';
import { byCodePoint } from '../../text-order';

export interface ApplyArgs extends ConfigArgs {
  now: boolean;
  prune: boolean;
  'dry-run': boolean;
  dir?: string;
  json: boolean;
}

interface UnitResult {
  service: string;
  action: 'start' | 'restart' | 'stop' | 'none';
  result: string;
  state: string;
  /** Why a unit did not come up: the last lines of its invocation's journal. */
  journal?: string[];
}

/** How many journal lines a unit that did not come up shows: enough for podman's error and systemd's verdict. */
const JOURNAL_LINES = 8;

/** Processing order: what others depend on first (Quadlet's own order). */
const KIND_ORDER: Readonly<Record<string, number>> = { image: 1, network: 1, volume: 1, build: 2, pod: 3, kube: 3, container: 4 };

function ordered(config: Config, plan: UnitPlan, unitOf: Map<string, string>, restartToo: readonly string[]): { service: string; action: UnitResult['action'] }[] {
  const rank = (s: string): number => KIND_ORDER[config.units.find((u) => u.fileName === unitOf.get(s))?.kind ?? 'container'] ?? 9;
  const restart = new Set([...servicesOf(plan.change), ...restartToo]);
  const all = [...new Set([...servicesOf(plan.add), ...servicesOf(plan.change), ...servicesOf(plan.keep)])];
  return all
    .sort((a, b) => rank(a) - rank(b) || byCodePoint(a, b))
    .map((service) => ({ service, action: restart.has(service) ? ('restart' as const) : ('start' as const) }));
}

async function stopAll(sd: Systemd, removed: readonly string[]): Promise<UnitResult[]> {
  const results: UnitResult[] = [];
  for (const service of removed) {
    const job = await sd.stopUnit(service).catch((e: Error) => ({ result: `error: ${e.message}` }));
    // So a pruned unit that had failed is not listed as failed forever; a unit systemd already forgot is fine.
    await sd.resetFailed(service).catch((e: Error) => process.stderr.write(`quadctl apply: warning: ${service} stopped, but its failed state stays: ${e.message}\n`));
    results.push({ service, action: 'stop', result: job.result, state: (await sd.getUnitState(service).catch(() => undefined))?.activeState ?? 'gone' });
  }
  return results;
}

async function startAll(sd: Systemd, jobs: readonly { service: string; action: UnitResult['action'] }[], user: boolean): Promise<UnitResult[]> {
  const results: UnitResult[] = [];
  const readJournal = journalctlReader({ user, lines: JOURNAL_LINES });
  for (const { service, action } of jobs) {
    const run = action === 'restart' ? sd.restartUnit(service) : sd.startUnit(service);
    const job = await run.catch((e: Error) => ({ result: `error: ${e.message}` }));
    const state = await sd.getUnitState(service).catch(() => undefined);
    const result: UnitResult = { service, action, result: job.result, state: state ? `${state.activeState}/${state.subState}` : 'unknown' };
    // A unit that failed itself has an invocation to read; one that failed for a dependency has none.
    if (state && !cameUp(result) && state.invocationId) {
      const journal = await readJournal(service, state.invocationId, { since: state.timestamps.inactiveExit }).catch(() => []);
      if (journal.length > 0) result.journal = journal;
    }
    results.push(result);
  }
  return results;
}

const cameUp = (x: UnitResult): boolean => x.result === 'done' && (x.action === 'stop' || x.state.startsWith('active'));

/** The state after this apply: resolutions the config superseded and units it pruned are dropped. */
function nextState(state: UpdaterState, config: Config, pruned: readonly string[]): UpdaterState {
  const requests = new Map<string, Requested>();
  for (const u of config.units) {
    const requested = u.kind === 'container' ? requestOf(u) : undefined;
    if (requested) requests.set(unitService(u), requested);
  }
  return dropUnits(supersede(state, requests), pruned);
}

function names(l: readonly PlannedFile[]): string[] {
  return l.map((f) => f.name);
}

function printText(plan: UnitPlan, changed: boolean, dryRun: boolean, removedServices: readonly string[], legacy: readonly LegacyDropIn[], results: readonly UnitResult[], prune: boolean): void {
  const would = dryRun ? 'would be ' : '';
  process.stdout.write(`${plan.dir}: ${plan.add.length} ${would}added, ${plan.change.length} ${would}changed, ${plan.remove.length} ${would}removed, ${plan.keep.length} unchanged${changed && !dryRun ? '; systemd reloaded' : ''}\n`);
  if (removedServices.length) process.stdout.write(`${dryRun ? 'Would stop, disable and remove' : 'Stopped, disabled and removed'}: ${removedServices.join(', ')}\n`);
  const left = servicesOf(plan.leftConfig);
  if (!prune && left.length) process.stdout.write(`Not in the config any more, left installed: ${left.join(', ')} (quadctl apply --prune stops and removes them)\n`);
  for (const l of legacy) process.stdout.write(`${dryRun ? 'Would remove' : 'Removed'} ${l.path}: an earlier quadctl's frozen copy of ${l.service}'s command line${l.carried ? ' (its image choice is kept in the updater state)' : ''}\n`);
  if (results.length > 0) process.stdout.write(`${formatTable(results as unknown as Record<string, string>[], ['service', 'action', 'result', 'state'])}\n`);
}

export async function run(args: ApplyArgs): Promise<void> {
  const before = await readUpdaterState('apply', args.user);
  // Read once first to find the frozen drop-ins of earlier versions, whose choice the render then includes.
  const base = readConfig('apply', args, args.prune);
  const legacy = legacyDropIns(base.config, args.user, before, Date.now());
  const r = await renderFor('apply', args, { allowEmpty: args.prune, state: legacy.state });
  const plan = planFor(r, args.user, args.dir, args.prune);
  if (plan.conflicts.length > 0) {
    fail('apply', `${plan.conflicts.map((c) => `${plan.dir}/${c}`).join(', ')} exist${plan.conflicts.length === 1 ? 's' : ''} and ${plan.conflicts.length === 1 ? 'was' : 'were'} not written by quadctl for this config; nothing was written`, ExitCode.Failure);
  }
  const changed = plan.add.length + plan.change.length + plan.remove.length + legacy.found.length > 0;
  const unitOf = new Map(r.result.files.map((f) => [f.service, f.unit]));
  const removedServices = servicesOf(plan.remove).filter((s) => !r.result.files.some((f) => f.service === s));
  for (const img of r.images) process.stderr.write(`quadctl apply: ${describeResolved(img)}\n`);
  if (r.config.units.length === 0) process.stderr.write(`quadctl apply: the config defines no unit: --prune removes every unit quadctl installed from it\n`);
  let results: UnitResult[] = [];
  if (!args['dry-run']) {
    await withSystemd({ scope: scopeOf(args.user) }, async (sd) => {
      if (removedServices.length > 0) results = await stopAll(sd, removedServices);
      await applyPlan(plan);
      for (const l of legacy.found) rmSync(l.path, { force: true });
      if (changed) await sd.reload();
      // A unit whose frozen drop-in just went runs what the unit file says only after a restart.
      if (args.now) results = [...results, ...(await startAll(sd, ordered(r.config, plan, unitOf, legacy.found.map((l) => l.service)), args.user))];
    });
    await new StateFile(stateDir(scopeOf(args.user), hostEnv())).update((s) => nextState(legacy.found.some((l) => l.carried) ? legacy.state : s, r.config, removedServices));
  }
  const failed = results.filter((x) => !cameUp(x));
  if (args.json) {
    const resolved = resolvedRows(r.images);
    process.stdout.write(
      jsonText({ dir: plan.dir, target: r.target, podman: r.host ? formatVersion(r.host) : undefined, dryRun: args['dry-run'], added: names(plan.add), changed: names(plan.change), removed: names(plan.remove), unchanged: names(plan.keep), leftConfig: args.prune ? [] : servicesOf(plan.leftConfig), stopped: removedServices, legacyDropIns: legacy.found.map((l) => l.path), resolved, reloaded: changed && !args['dry-run'], units: results }),
    );
  } else printText(plan, changed, args['dry-run'], removedServices, legacy.found, results, args.prune);
  if (failed.length > 0) {
    process.stderr.write(`quadctl apply: ${failed.map((f) => f.service).join(', ')} did not come up; see journalctl -u UNIT\n`);
    for (const f of failed) {
      if (f.journal) process.stderr.write(`${f.service} (${f.state}), the end of its journal:\n${f.journal.map((l) => `  ${l}\n`).join('')}`);
    }
    process.exitCode = ExitCode.Failure;
  }
}
