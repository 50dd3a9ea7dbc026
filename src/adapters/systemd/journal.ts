// Reading one invocation's journal lines: a subprocess, unlike the rest of the
// systemd adapter (the other is systemd-analyze, calendar.ts). journald has no D-Bus
// API for reading entries, and its files are read only by libsystemd (sd-journal),
// which Node reaches only through a native addon, a build step quadctl's users should
// not need. So `journalctl -o json`.
import { execFile } from 'node:child_process';
import type { JournalReader, JournalWindow } from './types';

interface JournalctlOptions {
  /** Read the user's journal (`journalctl --user`). */
  user?: boolean;
  /** Read journal files from this directory (`journalctl -D`), e.g. another root's /var/log/journal. */
  directory?: string;
  /** At most this many lines (newest kept). Default 200. */
  lines?: number;
  /** journald writes asynchronously: retry an empty answer for this long (ms). Default 1500. */
  waitMs?: number;
  /** Re-read a non-empty answer while it still changes, for at most this long (ms). Default 1000. */
  settleMs?: number;
  /** Runs a command and gives its stdout; default runs it on this machine. */
  run?: CommandRunner;
}

/** Runs `cmd args` and resolves to its stdout, '' when it failed without output. */
export type CommandRunner = (cmd: string, args: string[]) => Promise<string>;

const STEP_MS = 100;

function isInvocationId(s: string): boolean {
  return /^[0-9a-f]{32}$/.test(s);
}

/**
 * journalctl's two queries for one invocation of a unit.
 *
 * 1. The service's own output (`_SYSTEMD_INVOCATION_ID`) and systemd's messages
 *    about it (`INVOCATION_ID`, `USER_INVOCATION_ID`), whenever stamped: the ID
 *    is exact, and the process can write before PID 1, busy after the fork,
 *    records the invocation's start.
 * 2. Lines that carry only the unit's name, from the invocation's start on: a
 *    process that exits at once can be gone before journald reads its cgroup,
 *    and then its last words have `_SYSTEMD_UNIT` but no invocation ID. journald
 *    loses the cgroup only once PID 1 has reaped the process, after it recorded
 *    the start, so `since` keeps earlier invocations' such lines out and none of
 *    this one's.
 */
export function journalctlQueries(unit: string, invocationId: string, window: JournalWindow = {}, opts: JournalctlOptions = {}): string[][] {
  const common = ['--no-pager', '--quiet', '-o', 'json', '-n', String(opts.lines ?? 200), ...(opts.user ? ['--user'] : []), ...(opts.directory ? ['-D', opts.directory] : [])];
  return [
    [...common, `_SYSTEMD_INVOCATION_ID=${invocationId}`, '+', `INVOCATION_ID=${invocationId}`, '+', `USER_INVOCATION_ID=${invocationId}`],
    [...common, ...(window.since ? ['--since', `@${(window.since / 1000).toFixed(6)}`] : []), `_SYSTEMD_UNIT=${unit}`, '+', `_SYSTEMD_USER_UNIT=${unit}`],
  ];
}

type Entry = Record<string, unknown>;

/** journal fields are strings, or byte arrays when not valid UTF-8. */
function field(e: Entry, name: string): string {
  const v = e[name];
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return Buffer.from(v.filter((b): b is number => typeof b === 'number')).toString('utf8');
  return '';
}

const INVOCATION_FIELDS = ['_SYSTEMD_INVOCATION_ID', 'INVOCATION_ID', 'USER_INVOCATION_ID'];

/** Keep this invocation's entries and the unit's entries that carry no invocation at all. */
function belongsTo(e: Entry, invocationId: string): boolean {
  const ids = INVOCATION_FIELDS.map((f) => field(e, f)).filter(Boolean);
  return ids.length === 0 || ids.includes(invocationId);
}

/** `2026-11-23T07:51:59.123Z sh[119]: about to fail`, like `journalctl -o short-iso`. */
function formatEntry(e: Entry): string {
  const us = Number(field(e, '__REALTIME_TIMESTAMP'));
  const when = Number.isFinite(us) && us > 0 ? new Date(Math.floor(us / 1000)).toISOString() : '-';
  const who = field(e, 'SYSLOG_IDENTIFIER') || field(e, '_COMM') || 'unknown';
  const pid = field(e, '_PID') || field(e, 'SYSLOG_PID');
  return `${when} ${who}${pid ? `[${pid}]` : ''}: ${field(e, 'MESSAGE')}`;
}

/**
 * Turn the queries' `journalctl -o json` outputs into this invocation's lines:
 * each entry once, oldest first, the newest `lines` kept.
 */
export function parseJournalJson(stdouts: string | string[], invocationId: string, lines = 200): string[] {
  const seen = new Set<string>();
  const entries: Entry[] = [];
  for (const stdout of typeof stdouts === 'string' ? [stdouts] : stdouts) {
    for (const l of stdout.split('\n')) {
      if (!l.startsWith('{')) continue;
      const e = JSON.parse(l) as Entry;
      const key = field(e, '__CURSOR') || l;
      if (seen.has(key) || !belongsTo(e, invocationId)) continue;
      seen.add(key);
      entries.push(e);
    }
  }
  const at = (e: Entry): number => Number(field(e, '__REALTIME_TIMESTAMP')) || 0;
  return entries
    .sort((x, y) => at(x) - at(y))
    .slice(-lines)
    .map(formatEntry);
}

/** The journal reader used by default: runs `journalctl` on this machine. */
export function journalctlReader(opts: JournalctlOptions = {}): JournalReader {
  const run = opts.run ?? runHere;
  return async (unit, invocationId, window = {}) => {
    if (!isInvocationId(invocationId)) return [];
    const queries = journalctlQueries(unit, invocationId, window, opts);
    const read = async (): Promise<string[]> => {
      // A process's stdout reaches journald over its own stream socket, apart from
      // systemd's "Main process exited": --sync makes journald take in all that was
      // sent before it (it needs privileges; without them the re-reads below remain).
      if (!opts.directory) await run('journalctl', ['--sync', ...(opts.user ? ['--user'] : [])]);
      const outputs = await Promise.all(queries.map((args) => run('journalctl', args)));
      return parseJournalJson(outputs, invocationId, opts.lines ?? 200);
    };
    const pause = (): Promise<void> => new Promise((r) => setTimeout(r, STEP_MS));

    const start = Date.now();
    let lines = await read();
    while (lines.length === 0 && Date.now() < start + (opts.waitMs ?? 1500)) {
      await pause();
      lines = await read();
    }
    if (lines.length === 0) return lines;
    // systemd's own lines can be stored before the process's last words are: one
    // answer is not the whole story until a re-read brings nothing new.
    const until = Date.now() + (opts.settleMs ?? 1000);
    while (Date.now() < until) {
      await pause();
      const again = await read();
      if (sameLines(again, lines)) break;
      lines = again;
    }
    return lines;
  };
}

function sameLines(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((l, i) => l === b[i]);
}

const runHere: CommandRunner = (cmd, args) =>
  new Promise((resolve) => {
    execFile(cmd, args, { maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => {
      // A missing journalctl or an unreadable journal leaves the verdict without lines, not broken.
      resolve(err && !stdout ? '' : String(stdout));
    });
  });
