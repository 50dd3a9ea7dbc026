import { journalctlQueries, journalctlReader, parseJournalJson, type CommandRunner } from '../../../src/adapters/systemd/journal';

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

  test("the invocation's own entries are asked for whenever stamped, the unit-only ones from its start on", () => {
    // The process can write before PID 1 records the invocation's start: a --since on
    // the invocation's own entries lost a failing container's last words.
    const [own, unitOnly] = journalctlQueries('web.service', ID, { since: 1_700_000_000_500 });
    expect(own).not.toContain('--since');
    expect(own).toEqual(expect.arrayContaining(['-o', 'json', `_SYSTEMD_INVOCATION_ID=${ID}`, `INVOCATION_ID=${ID}`, `USER_INVOCATION_ID=${ID}`]));
    expect(own.some((a) => a.startsWith('_SYSTEMD_UNIT='))).toBe(false);
    expect(unitOnly).toEqual(expect.arrayContaining(['-o', 'json', '--since', '@1700000000.500000', '_SYSTEMD_UNIT=web.service', '_SYSTEMD_USER_UNIT=web.service']));
  });

  test("the two queries' answers merge into one timeline, each entry once, the newest kept", () => {
    const at = (n: number, fields: Record<string, unknown>) => entry({ __CURSOR: `c${n}`, __REALTIME_TIMESTAMP: String(1795420319042000 + n * 1000), ...fields });
    const early = at(0, { MESSAGE: 'printed before PID 1 noted the start', _SYSTEMD_INVOCATION_ID: ID });
    const exited = at(2, { MESSAGE: 'Main process exited', INVOCATION_ID: ID, SYSLOG_IDENTIFIER: 'systemd', _PID: '1' });
    const lost = at(1, { MESSAGE: 'last words', _SYSTEMD_UNIT: 'web.service' });
    const messages = (lines: string[]) => lines.map((l) => l.replace(/^.*?: /, ''));
    expect(messages(parseJournalJson([[early, exited].join('\n'), [lost, exited].join('\n')], ID))).toEqual(['printed before PID 1 noted the start', 'last words', 'Main process exited']);
    expect(messages(parseJournalJson([[early, exited].join('\n'), [lost, exited].join('\n')], ID, 2))).toEqual(['last words', 'Main process exited']);
  });

  /**
   * A journal that takes in one more stored entry at each `journalctl --sync`,
   * like journald reading a stream socket behind systemd's own message.
   */
  function journalThatFillsUp(entries: string[], storedAtFirst: number): { run: CommandRunner; calls: string[][] } {
    let stored = storedAtFirst;
    let synced = 0;
    const calls: string[][] = [];
    const run: CommandRunner = async (cmd, args) => {
      calls.push([cmd, ...args]);
      if (args[0] === '--sync') {
        if (synced++ > 0) stored = Math.min(entries.length, stored + 1);
        return '';
      }
      return entries.slice(0, stored).join('\n');
    };
    return { run, calls };
  }
  const exited = entry({ MESSAGE: 'web.service: Main process exited, code=exited, status=3/NOTIMPLEMENTED', INVOCATION_ID: ID, SYSLOG_IDENTIFIER: 'systemd', _PID: '1' });
  const said = (n: number) => entry({ MESSAGE: `last words ${n}`, _SYSTEMD_UNIT: 'web.service' });

  test('the reader syncs journald before it reads', async () => {
    const { run, calls } = journalThatFillsUp([exited], 1);
    await journalctlReader({ run })('web.service', ID);
    expect(calls[0]).toEqual(['journalctl', '--sync']);
    expect(calls.slice(1, 3)).toEqual(journalctlQueries('web.service', ID).map((args) => ['journalctl', ...args]));
  });

  test("a failed unit's last lines that reach the journal after systemd's own message are read too", async () => {
    const { run } = journalThatFillsUp([exited, said(1), said(2)], 1);
    const lines = await journalctlReader({ run })('web.service', ID);
    expect(lines.map((l) => l.replace(/^\S+ /, ''))).toEqual(['systemd[1]: web.service: Main process exited, code=exited, status=3/NOTIMPLEMENTED', 'sh[7]: last words 1', 'sh[7]: last words 2']);
  });

  test('re-reading stops once an answer brings nothing new', async () => {
    const { run, calls } = journalThatFillsUp([exited, said(1)], 1);
    await journalctlReader({ run, settleMs: 60_000 })('web.service', ID);
    // read (1 entry), read (2), read (2, the same): done, long before settleMs.
    expect(calls.filter((c) => c[1] === '--sync')).toHaveLength(3);
  });

  test('a journal that keeps growing is read for settleMs at most, then the latest answer is kept', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => said(i));
    const { run, calls } = journalThatFillsUp(many, 1);
    const lines = await journalctlReader({ run, settleMs: 300 })('web.service', ID);
    const reads = calls.filter((c) => c[1] === '--sync').length;
    expect(reads).toBeLessThan(many.length);
    expect(lines).toHaveLength(reads);
  });

  test('an empty answer is retried for waitMs, then given up as no lines', async () => {
    const { run } = journalThatFillsUp([], 0);
    await expect(journalctlReader({ run, waitMs: 200 })('web.service', ID)).resolves.toEqual([]);
  });

  test('a journal directory is read without --sync (journald does not own it)', async () => {
    const { run, calls } = journalThatFillsUp([exited], 1);
    await journalctlReader({ run, directory: '/mnt/var/log/journal' })('web.service', ID);
    expect(calls.some((c) => c[1] === '--sync')).toBe(false);
  });
});
