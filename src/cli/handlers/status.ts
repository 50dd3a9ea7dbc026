import { existsSync } from 'node:fs';
import { installedUnits, type InstalledUnit } from '../../adapters/fs/managed-units';
import { hostEnv } from '../../adapters/fs/host-env';
import { legacyDropInPath, locateUnit } from '../../adapters/podman/unit-image';
import type { Systemd } from '../../adapters/systemd';
import { installDir, scopeOf } from '../../paths';
import {
  conditionOf,
  entryJson,
  iso,
  planRowJson,
  queryHistory,
  repositoryOf,
  runUpdate,
  sameUnit,
  shortDigest,
  table,
  unitKey,
  unitState,
  type Condition,
  type HistoryEntry,
  type PlanRow,
  type UnitState,
  type UpdaterState,
} from '../../update';
import { ExitCode } from '../exit-codes';
import { openSession, type Session } from './session';
import { jsonText } from '../json-output';

interface StatusArgs {
  user: boolean;
  json: boolean;
}

/** What makes a unit run something else than its own file or config says. */
async function overridesOf(systemd: Systemd, unit: string, u: UnitState): Promise<string[]> {
  const found: string[] = [];
  const env = hostEnv();
  const where = await locateUnit(systemd, unit, env).catch(() => null);
  if (where?.origin === 'quadlet' && existsSync(where.path)) found.push(`${where.path} sets Image= (quadctl update's choice within the policy)`);
  if (where?.origin === 'generated' && u.resolved && u.requested && u.resolved.image !== u.requested.image) found.push(`runs ${u.resolved.image}, resolved by quadctl update within policy ${u.requested.policy} (the config says ${u.requested.image}; quadctl diff shows it)`);
  const legacy = legacyDropInPath(systemd.scope, unit, env);
  if (existsSync(legacy)) found.push(`${legacy} replaces ExecStart= with a frozen copy (an earlier quadctl's; quadctl apply removes it for units of its config)`);
  return found;
}

interface UnitView {
  unit: string;
  condition: Condition | 'unknown';
  rows: PlanRow[];
  installed?: InstalledUnit;
  state: UnitState;
  overrides: string[];
  last: HistoryEntry | null;
}

async function viewOf(session: Session, unit: string, rows: PlanRow[], installed: InstalledUnit | undefined, state: UpdaterState, entries: HistoryEntry[]): Promise<UnitView> {
  const sd = await session.world.systemd.getUnitState(unit).catch(() => null);
  const u = unitState(state, unit);
  const last = queryHistory(entries.filter((e) => e.kind !== 'skip'), { unit, limit: 1 })[0] ?? null;
  return { unit, condition: sd ? conditionOf(sd) : 'unknown', rows, installed, state: u, overrides: await overridesOf(session.world.systemd, unit, u), last };
}

function imageCell(v: UnitView, r: PlanRow | undefined): string {
  if (r) return `${repositoryOf(r.image)}:${r.currentTag ?? '-'}@${shortDigest(r.currentDigest)}`;
  return v.state.resolved?.image ?? v.installed?.image ?? v.last?.to?.image ?? '-';
}

function lines(v: UnitView): string[][] {
  const hold = v.state.hold ? 'held' : '-';
  if (v.rows.length === 0) {
    const why = v.condition === 'running' ? 'no container labelled with this unit' : `not running (${v.condition}): nothing to compare`;
    return [[v.unit, v.condition, imageCell(v, undefined), v.installed?.policy ?? v.state.requested?.policy ?? '-', hold, '-', 'none', why]];
  }
  return v.rows.map((r) => [v.unit, v.condition, imageCell(v, r), r.policy, hold, r.candidate ? `${r.candidate.tag ?? ''}@${shortDigest(r.candidate.digest)}` : '-', r.action, r.reason]);
}

function textOf(views: UnitView[], recovery: { unit: string; id: string; why: string }[]): string {
  if (views.length === 0) return 'No managed units: no container run by a systemd unit (PODMAN_SYSTEMD_UNIT label) and no unit quadctl installed.\n';
  const out = [table(['UNIT', 'STATE', 'IMAGE', 'POLICY', 'HOLD', 'PENDING', 'ACTION', 'REASON'], views.flatMap(lines))];
  const holds = views.filter((v) => v.state.hold).map((v) => `  ${v.unit}: held since ${iso(v.state.hold?.since ?? 0)} (${v.state.hold?.reason}); quadctl unhold ${v.unit} releases it`);
  if (holds.length) out.push('', 'Holds:', ...holds);
  const overrides = views.flatMap((v) => v.overrides.map((o) => `  ${v.unit}: ${o}`));
  if (overrides.length) out.push('', 'Overrides:', ...overrides);
  const bad = views.flatMap((v) => v.state.knownBad.map((k) => `  ${v.unit}: ${k.image} ${k.digest.slice(0, 19)}… failed its health gate [${k.entry}]: ${k.reason} (quadctl forget ${v.unit} ${k.digest.slice(7, 19)})`));
  if (bad.length) out.push('', 'Known-bad images (never offered again):', ...bad);
  const results = views.filter((v) => v.last).map((v) => `  ${v.unit}: ${v.last?.result ?? 'interrupted'} at ${iso(v.last?.startedAt ?? 0)} [${v.last?.id}] ${v.last?.reason}`);
  if (results.length) out.push('', 'Last results:', ...results);
  if (recovery.length) out.push('', 'Interrupted (the next `quadctl update` finishes these):', ...recovery.map((r) => `  ${r.unit} [${r.id}]: ${r.why}`));
  return `${out.join('\n')}\n`;
}

function jsonOf(v: UnitView): Record<string, unknown>[] {
  const common = {
    state: v.condition,
    hold: v.state.hold ? { since: iso(v.state.hold.since), reason: v.state.hold.reason } : null,
    resolved: v.state.resolved ? { image: v.state.resolved.image, digest: v.state.resolved.digest || null, requested: v.state.requested ?? null } : null,
    overrides: v.overrides,
    knownBad: v.state.knownBad.map((k) => ({ digest: k.digest, image: k.image, reason: k.reason, entry: k.entry, time: iso(k.at) })),
    last: v.last ? entryJson(v.last) : null,
  };
  if (v.rows.length > 0) return v.rows.map((r) => ({ ...planRowJson(r), ...common }));
  const image = imageCell(v, undefined);
  return [{ unit: v.unit, container: null, image: image === '-' ? null : image, policy: v.installed?.policy ?? v.state.requested?.policy ?? null, current: null, candidate: null, action: 'none', reason: `not running (${v.condition})`, onTimer: null, ...common }];
}

export async function run(a: StatusArgs): Promise<void> {
  const session = await openSession(a);
  const scope = scopeOf(a.user);
  try {
    const report = await runUpdate(session.world.ports, { mode: 'check-only', trigger: 'manual', concurrency: 4 });
    const entries = (await session.history.read()).entries;
    const state = await session.state.read();
    const installed = installedUnits([installDir('quadlet', scope, hostEnv()), installDir('systemd', scope, hostEnv())]);
    const names = [...new Set([...report.plan.map((r) => r.unit), ...installed.map((i) => i.service), ...Object.keys(state.units)].map(unitKey))].sort();
    const views = await Promise.all(
      names.map((unit) =>
        viewOf(
          session,
          unit,
          report.plan.filter((r) => sameUnit(r.unit, unit)),
          installed.find((i) => i.service === unit),
          state,
          entries,
        ),
      ),
    );
    // A unit only in the state whose file is gone and that runs nothing is not managed any more.
    const shown = views.filter((v) => !(v.condition === 'not-found' && v.rows.length === 0 && !v.installed));
    if (a.json) process.stdout.write(jsonText({ units: shown.flatMap(jsonOf), interrupted: report.recovery }));
    else process.stdout.write(textOf(shown, report.recovery));
    process.exitCode = report.verdict === 'failed' ? ExitCode.Failure : ExitCode.Ok;
  } finally {
    await session.close();
  }
}
