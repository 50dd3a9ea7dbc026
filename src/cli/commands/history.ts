import type { RegisterCommand } from './register';
import { ENTRIES, numberOption } from './numbers';

const DESCRIPTION = `Show what updates did: time, unit, from → to (tag@digest), result
(updated, rolled-back, failed, skipped; "interrupted" while a run is cut short),
duration and reason. The log is append-only JSON lines in
/var/lib/quadctl/history.jsonl (~/.local/state/quadctl with --user); update and
rollback keep its newest 1000 entries (--history-keep, QUADCTL_HISTORY_KEEP).

--since takes a time (2026-01-31, 2026-01-31T04:00Z) or an age (90m, 12h, 7d).
--json adds each entry's steps and the failing unit's journal lines.`;

export const register: RegisterCommand = (cli) =>
  cli.command(
    'history',
    'Show past updates and rollbacks: time, unit, from → to, result, duration, reason',
    (y) =>
      y
        .usage(`$0 history [--unit U] [--since T] [--limit N] [--json]\n\n${DESCRIPTION}`)
        .option('unit', { type: 'string', describe: 'Only this unit ("web" means web.service)' })
        .option('since', { type: 'string', describe: 'Only entries from this time or age on' })
        .option('limit', { type: 'string', requiresArg: true, coerce: numberOption('limit', ENTRIES), describe: 'Only the newest N entries' })
        .option('json', { type: 'boolean', default: false, describe: 'Print {schemaVersion, entries: [...]}, each entry with its steps and journal lines (docs/json.md)' })
        .option('user', { type: 'boolean', default: false, describe: 'The per-user history (~/.local/state/quadctl)' })
        .example('$0 history --unit web --since 7d', "a week of web.service's updates"),
    async (argv) => {
      const { run } = await import('../handlers/history');
      await run({ user: argv.user, json: argv.json, unit: argv.unit, since: argv.since, limit: argv.limit });
    },
  );
