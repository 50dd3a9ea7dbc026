import type { RegisterCommand } from './index';
import { ExitCode } from '../exit-codes';
import { HistoryFile, stateDir } from '../../adapters/history';
import { entryJson, historyTable, parseSince, queryHistory } from '../../update';

const DESCRIPTION = `Show what updates did: time, unit, from → to (tag@digest), result
(updated, rolled-back, failed, skipped; "interrupted" while a run is cut short),
duration and reason. The log is append-only JSON lines in
/var/lib/quadctl/history.jsonl (~/.local/state/quadctl with --user).

--since takes a time (2026-01-31, 2026-01-31T04:00Z) or an age (90m, 12h, 7d).
--json adds each entry's steps and the failing unit's journal lines.`;

interface HistoryArgs {
  user: boolean;
  json: boolean;
  unit?: string;
  since?: string;
  limit?: number;
}

function invalid(message: string): never {
  process.stderr.write(`quadctl history: ${message}\n`);
  process.exit(ExitCode.Invalid);
}

async function run(a: HistoryArgs): Promise<void> {
  const since = a.since === undefined ? undefined : parseSince(a.since, Date.now());
  if (since === null) invalid(`--since ${JSON.stringify(a.since)} is neither a time (2026-01-31T04:00Z) nor an age (12h, 7d)`);
  if (a.limit !== undefined && (!Number.isInteger(a.limit) || a.limit < 0)) invalid(`--limit must be a whole number, not ${a.limit}`);
  const file = new HistoryFile(stateDir(a.user));
  const { entries, badLines } = await file.read();
  for (const bad of badLines) process.stderr.write(`quadctl history: ${file.path}:${bad.line}: skipped an unreadable record (a write cut short by a crash?)\n`);
  const picked = queryHistory(entries, { unit: a.unit, since, limit: a.limit });
  process.stdout.write(a.json ? `${JSON.stringify(picked.map(entryJson), null, 2)}\n` : `${historyTable(picked)}\n`);
}

export const register: RegisterCommand = (cli) =>
  cli.command(
    'history',
    'Show past updates and rollbacks: time, unit, from → to, result, duration, reason',
    (y) =>
      y
        .usage(`$0 history [--unit U] [--since T] [--limit N] [--json]\n\n${DESCRIPTION}`)
        .option('unit', { type: 'string', describe: 'Only this unit ("web" means web.service)' })
        .option('since', { type: 'string', describe: 'Only entries from this time or age on' })
        .option('limit', { type: 'number', describe: 'Only the newest N entries' })
        .option('json', { type: 'boolean', default: false, describe: 'Print an array of entries with steps and journal lines' })
        .option('user', { type: 'boolean', default: false, describe: 'The per-user history (~/.local/state/quadctl)' })
        .example('$0 history --unit web --since 7d', "a week of web.service's updates"),
    async (argv) => {
      await run({ user: argv.user, json: argv.json, unit: argv.unit, since: argv.since, limit: argv.limit });
    },
  );
