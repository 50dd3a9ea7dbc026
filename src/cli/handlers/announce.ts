// After a run: tell the [notify.*] targets, save the run's state and write the
// [metrics] text file. None of it can change the run's outcome or exit code:
// failures are printed (the journal, for timer runs) and recorded in history.
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { type Announce, formatIssue, loadAnnounce, mergeAnnounce } from '../../config';
import { readRunState, writeRunState, writeTextfile } from '../../adapters/metrics/files';
import type { SendResult } from '../../adapters/notify/send';
import { metricsText } from '../../metrics/exposition';
import { runStateOf } from '../../metrics/run-state';
import { buildPayload, type Payload } from '../../notify/payload';
import { HISTORY_VERSION, type RunReport, type Trigger } from '../../update';
import { hostEnv } from '../../adapters/fs/host-env';
import { defaultConfigFile, scopeOf } from '../../paths';
import { fail } from '../command-error';
import { ExitCode } from '../exit-codes';
import type { Session } from './session';

interface AnnounceArgs {
  user: boolean;
  config?: string;
}

/** The files [notify.*] and [metrics] are read from: the config, then notify.ini beside it. */
export function announceFiles(args: AnnounceArgs): string[] {
  const config = resolve(args.config ?? defaultConfigFile(scopeOf(args.user), hostEnv()));
  return [...new Set([config, join(dirname(config), 'notify.ini')])];
}

/** Reads the sections from whichever of the files exist; bad ones throw (exit 2) before anything runs. */
export function loadAnnounceFiles(command: string, args: AnnounceArgs): Announce {
  const parts: Announce[] = [];
  const problems: string[] = [];
  for (const file of announceFiles(args)) {
    if (!existsSync(file)) continue;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      problems.push(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      continue;
    }
    const { announce, issues } = loadAnnounce(text, { file, env: process.env });
    problems.push(...issues.map(formatIssue));
    parts.push(announce);
  }
  if (problems.length) fail(command, 'fix the [notify.*] / [metrics] sections above; nothing was done', ExitCode.Invalid, problems);
  return mergeAnnounce(parts);
}

export function printSendResults(results: readonly SendResult[], write: (line: string) => void): void {
  for (const r of results) write(`notify ${r.target} (${r.where}): ${r.ok ? 'sent' : 'NOT delivered'}${r.attempts > 1 ? ` after ${r.attempts} attempts` : ''}: ${r.detail}`);
}

async function recordFailures(session: Session, results: readonly SendResult[], trigger: Trigger): Promise<void> {
  const ports = session.world.ports;
  for (const r of results.filter((x) => !x.ok)) {
    await ports.record({ v: HISTORY_VERSION, type: 'notify', txn: ports.newId(), at: Date.now(), target: r.target, trigger, attempts: r.attempts, reason: `${r.where}: ${r.detail}` });
  }
}

interface RunTimes {
  startedAt: number;
  finishedAt: number;
  trigger: Trigger;
}

/** Notifications, then the run state and the metrics file; never throws. */
export async function announceRun(session: Session, announce: Announce, report: RunReport, times: RunTimes): Promise<void> {
  const say = (line: string): void => void process.stderr.write(`${line}\n`);
  let failures = 0;
  try {
    const payload: Payload = buildPayload(report, { host: hostname(), ...times });
    if (announce.notify.length && payload.units.length) {
      // Loaded only when there is something to send: the mail client and the templates are MiBs an update run would carry for nothing.
      const { notifyAll } = await import('../../adapters/notify/send');
      const results = await notifyAll(announce.notify, payload);
      printSendResults(results.filter((r) => r.messages > 0 || !r.ok), say);
      failures = results.filter((r) => !r.ok).length;
      await recordFailures(session, results, times.trigger);
    }
  } catch (err) {
    say(`quadctl: notifications failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    const state = runStateOf(report, times, await readRunState(session.history.dir), failures);
    await writeRunState(session.history.dir, state);
    if (announce.metrics.textfile) await writeTextfile(announce.metrics.textfile, metricsText(state, (await session.history.read()).entries));
  } catch (err) {
    say(`quadctl: could not write the metrics: ${err instanceof Error ? err.message : String(err)}`);
  }
}
