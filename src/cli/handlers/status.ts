import { entryJson, iso, planRowJson, planTable, queryHistory, runUpdate, sameUnit, type HistoryEntry } from '../../update';
import type { StatusArgs } from '../commands/status';
import { ExitCode } from '../exit-codes';
import { openSession } from './session';
import { jsonText } from '../json-output';

function lastResults(entries: HistoryEntry[], units: string[]): string[] {
  return units.flatMap((unit) => {
    const last = queryHistory(entries.filter((e) => e.kind !== 'skip'), { unit, limit: 1 })[0];
    return last ? [`  ${unit}: ${last.result ?? 'interrupted'} at ${iso(last.startedAt)} [${last.id}] ${last.reason}`] : [];
  });
}

export async function run(a: StatusArgs): Promise<void> {
  const session = await openSession(a);
  try {
    const report = await runUpdate(session.world.ports, { mode: 'check-only', trigger: 'manual', concurrency: 4 });
    const entries = (await session.history.read()).entries;
    const units = [...new Set(report.plan.map((r) => r.unit))];
    if (a.json) {
      const last = Object.fromEntries(units.map((u) => [u, entries.filter((e) => sameUnit(e.unit, u) && e.kind !== 'skip').slice(-1).map(entryJson)[0] ?? null]));
      process.stdout.write(jsonText({ units: report.plan.map((r) => ({ ...planRowJson(r), last: last[r.unit] })), interrupted: report.recovery }));
    } else {
      const lines = [planTable(report.plan)];
      const results = lastResults(entries, units);
      if (results.length) lines.push('', 'Last results:', ...results);
      if (report.recovery.length) lines.push('', 'Interrupted (the next `quadctl update` finishes these):', ...report.recovery.map((r) => `  ${r.unit} [${r.id}]: ${r.why}`));
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    process.exitCode = report.verdict === 'failed' ? ExitCode.Failure : ExitCode.Ok;
  } finally {
    await session.close();
  }
}

