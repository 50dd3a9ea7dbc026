import { HistoryFile } from '../../adapters/history';
import { hostEnv } from '../../adapters/fs/host-env';
import { scopeOf, stateDir } from '../../paths';
import { entryJson, historyTable, parseSince, queryHistory } from '../../update';
import { CommandError } from '../command-error';
import { ExitCode } from '../exit-codes';
import { jsonText } from '../json-output';

interface HistoryArgs {
  user: boolean;
  json: boolean;
  unit?: string;
  since?: string;
  limit?: number;
}

function invalid(message: string): never {
  throw new CommandError('history', message, ExitCode.Invalid);
}

export async function run(a: HistoryArgs): Promise<void> {
  const since = a.since === undefined ? undefined : parseSince(a.since, Date.now());
  if (since === null) invalid(`--since ${JSON.stringify(a.since)} is neither a time (2026-01-31T04:00Z) nor an age (12h, 7d)`);
  if (a.limit !== undefined && (!Number.isInteger(a.limit) || a.limit < 0)) invalid(`--limit must be a whole number, not ${a.limit}`);
  const file = new HistoryFile(stateDir(scopeOf(a.user), hostEnv()));
  const { entries, badLines } = await file.read();
  for (const bad of badLines) process.stderr.write(`quadctl history: ${file.path}:${bad.line}: skipped an unreadable record (a write cut short by a crash?)\n`);
  const picked = queryHistory(entries, { unit: a.unit, since, limit: a.limit });
  process.stdout.write(a.json ? jsonText({ entries: picked.map(entryJson) }) : `${historyTable(picked)}\n`);
}

