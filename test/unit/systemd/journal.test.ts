import { journalctlArgs, parseJournalJson } from '../../../src/adapters/systemd/journal';

describe('journal entries of one invocation', () => {
  const ID = 'ab'.repeat(16);
  const entry = (fields: Record<string, unknown>) => JSON.stringify({ __REALTIME_TIMESTAMP: '1795420319042000', _PID: '7', SYSLOG_IDENTIFIER: 'sh', ...fields });

  test("keeps the invocation's lines and the unit's lines that lost their invocation, drops other invocations", () => {
    const out = [
      entry({ MESSAGE: 'mine', _SYSTEMD_INVOCATION_ID: ID }),
      entry({ MESSAGE: 'systemd about mine', INVOCATION_ID: ID, SYSLOG_IDENTIFIER: 'systemd', _PID: '1' }),
      // A process that exited before journald read its cgroup: unit name only.
      entry({ MESSAGE: 'last words', _SYSTEMD_UNIT: 'web.service' }),
      entry({ MESSAGE: 'an older run', _SYSTEMD_INVOCATION_ID: 'cd'.repeat(16) }),
      entry({ MESSAGE: [104, 105], _SYSTEMD_INVOCATION_ID: ID }),
    ].join('\n');
    expect(parseJournalJson(out, ID)).toEqual([
      '2026-11-23T07:51:59.042Z sh[7]: mine',
      '2026-11-23T07:51:59.042Z systemd[1]: systemd about mine',
      '2026-11-23T07:51:59.042Z sh[7]: last words',
      '2026-11-23T07:51:59.042Z sh[7]: hi',
    ]);
  });

  test('the query matches the invocation and the unit, from the invocation start on', () => {
    const args = journalctlArgs('web.service', ID, { since: 1_700_000_000_500 });
    expect(args).toEqual(expect.arrayContaining(['-o', 'json', '--since', '@1700000000.500000', `_SYSTEMD_INVOCATION_ID=${ID}`, `INVOCATION_ID=${ID}`, '_SYSTEMD_UNIT=web.service']));
  });
});
