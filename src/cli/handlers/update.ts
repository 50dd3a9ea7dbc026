import { reportJson, reportText, runUpdate, UnknownUnitsError, type RunMode } from '../../update';
import { ExitCode } from '../exit-codes';
import { CommandError, UsageError } from '../command-error';
import { announceRun, loadAnnounceFiles } from './announce';
import { historyKeep, takeUpdateLock, openSession, pullLimits, rotateHistory, type SessionArgs, VERDICT_EXIT } from './session';
import { jsonText } from '../json-output';

interface UpdateArgs extends SessionArgs {
  'dry-run': boolean;
  'check-only': boolean;
  'download-only': boolean;
  unit: string[];
  timer: boolean;
  wait?: number;
  concurrency: number;
  restarts: number;
  'history-keep'?: number;
  'pull-timeout'?: number;
  deadline?: number;
  config?: string;
}

function modeOf(a: UpdateArgs): RunMode {
  const chosen = (['dry-run', 'check-only', 'download-only'] as const).filter((m) => a[m]);
  if (chosen.length > 1) throw new CommandError('update', `--${chosen.join(' and --')} can not be combined`, ExitCode.Invalid);
  return chosen[0] ?? 'apply';
}

export async function run(a: UpdateArgs): Promise<void> {
  const mode = modeOf(a);
  const keep = historyKeep(a['history-keep'], 'update');
  const limits = pullLimits(a['pull-timeout'], a.deadline);
  const changes = mode === 'apply' || mode === 'download-only';
  const announce = loadAnnounceFiles('update', a);
  const lock = changes ? await takeUpdateLock(a, a.wait, 'update') : null;
  try {
    const session = await openSession(a, a.concurrency, limits);
    try {
      const trigger = a.timer || process.env.QUADCTL_TRIGGER === 'timer' ? 'timer' : 'manual';
      const startedAt = Date.now();
      const report = await runUpdate(session.world.ports, { mode, trigger, units: a.unit, concurrency: a.concurrency, restarts: a.restarts }).catch((err: unknown) => {
        throw err instanceof UnknownUnitsError ? new UsageError(`update: ${err.message}`) : err;
      });
      process.stdout.write(a.json ? jsonText(reportJson(report)) : reportText(report));
      process.exitCode = VERDICT_EXIT[report.verdict];
      if (mode !== 'dry-run') await announceRun(session, announce, report, { startedAt, finishedAt: Date.now(), trigger });
      if (mode === 'apply') await rotateHistory(session, keep, 'update');
    } finally {
      await session.close();
    }
  } finally {
    await lock?.release();
  }
}

