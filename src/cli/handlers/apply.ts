import { applyPlan, type DirPlan, type PlannedFile } from '../../adapters/fs/unit-dir';
import { withSystemd, type Systemd } from '../../adapters/systemd';
import type { Config } from '../../config';
import { formatVersion } from '../../render';
import type { ApplyArgs } from '../commands/apply';
import { ExitCode } from '../exit-codes';
import { renderFor } from './config-common';
import { formatTable } from './summary';
import { planFor } from './unit-plan';
import { jsonText } from '../json-output';

interface UnitResult {
  service: string;
  action: 'start' | 'restart' | 'stop' | 'none';
  result: string;
  state: string;
}

/** Processing order: what others depend on first (Quadlet's own order). */
const KIND_ORDER: Readonly<Record<string, number>> = { image: 1, network: 1, volume: 1, build: 2, pod: 3, kube: 3, container: 4 };

function services(files: readonly PlannedFile[]): string[] {
  return [...new Set(files.filter((f) => !f.isLink).map((f) => f.service).filter((s): s is string => s !== undefined))];
}

function ordered(config: Config, plan: DirPlan, unitOf: Map<string, string>): { service: string; action: UnitResult['action'] }[] {
  const rank = (s: string): number => KIND_ORDER[config.units.find((u) => u.fileName === unitOf.get(s))?.kind ?? 'container'] ?? 9;
  const restart = new Set(services(plan.change));
  const all = [...new Set([...services(plan.add), ...services(plan.change), ...services(plan.keep)])];
  return all
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((service) => ({ service, action: restart.has(service) ? ('restart' as const) : ('start' as const) }));
}

async function stopAll(sd: Systemd, removed: readonly string[]): Promise<UnitResult[]> {
  const results: UnitResult[] = [];
  for (const service of removed) {
    const job = await sd.stopUnit(service).catch((e: Error) => ({ result: `error: ${e.message}` }));
    results.push({ service, action: 'stop', result: job.result, state: (await sd.getUnitState(service).catch(() => undefined))?.activeState ?? 'gone' });
  }
  return results;
}

async function startAll(sd: Systemd, jobs: readonly { service: string; action: UnitResult['action'] }[]): Promise<UnitResult[]> {
  const results: UnitResult[] = [];
  for (const { service, action } of jobs) {
    const run = action === 'restart' ? sd.restartUnit(service) : sd.startUnit(service);
    const job = await run.catch((e: Error) => ({ result: `error: ${e.message}` }));
    const state = await sd.getUnitState(service).catch(() => undefined);
    results.push({ service, action, result: job.result, state: state ? `${state.activeState}/${state.subState}` : 'unknown' });
  }
  return results;
}

export async function run(args: ApplyArgs): Promise<void> {
  const r = await renderFor('apply', args);
  const plan = planFor(r, args.user, args.dir);
  if (plan.conflicts.length > 0) {
    process.stderr.write(`quadctl apply: ${plan.conflicts.map((c) => `${plan.dir}/${c}`).join(', ')} exist${plan.conflicts.length === 1 ? 's' : ''} and ${plan.conflicts.length === 1 ? 'was' : 'were'} not written by quadctl for this config; nothing was written\n`);
    process.exit(ExitCode.Failure);
  }
  const changed = plan.add.length + plan.change.length + plan.remove.length > 0;
  const unitOf = new Map(r.result.files.map((f) => [f.service, f.unit]));
  const removedServices = services(plan.remove).filter((s) => !r.result.files.some((f) => f.service === s));
  let results: UnitResult[] = [];
  await withSystemd({ scope: args.user ? 'user' : 'system' }, async (sd) => {
    if (args.now && removedServices.length > 0) results = await stopAll(sd, removedServices);
    await applyPlan(plan);
    if (changed) await sd.reload();
    if (args.now) results = [...results, ...(await startAll(sd, ordered(r.config, plan, unitOf)))];
  });
  const failed = results.filter((x) => x.result !== 'done' || (x.action !== 'stop' && !x.state.startsWith('active')));
  if (args.json) {
    const names = (l: readonly PlannedFile[]): string[] => l.map((f) => f.name);
    process.stdout.write(jsonText({ dir: plan.dir, target: r.target, podman: r.host ? formatVersion(r.host) : undefined, added: names(plan.add), changed: names(plan.change), removed: names(plan.remove), unchanged: names(plan.keep), reloaded: changed, units: results }));
  } else {
    process.stdout.write(`${plan.dir}: ${plan.add.length} added, ${plan.change.length} changed, ${plan.remove.length} removed, ${plan.keep.length} unchanged${changed ? '; systemd reloaded' : ''}\n`);
    if (results.length > 0) process.stdout.write(`${formatTable(results as unknown as Record<string, string>[], ['service', 'action', 'result', 'state'])}\n`);
  }
  if (failed.length > 0) {
    process.stderr.write(`quadctl apply: ${failed.map((f) => f.service).join(', ')} did not come up; see journalctl -u UNIT\n`);
    process.exitCode = ExitCode.Failure;
  }
}

