import { execFile } from 'node:child_process';
import type { JournalReader, JournalWindow } from './types';

export interface JournalctlOptions {
  /** Read the user's journal (`journalctl --user`). */
  user?: boolean;
  /** Read journal files from this directory (`journalctl -D`), e.g. another root's /var/log/journal. */
  directory?: string;
  /** At most this many lines (newest kept). Default 200. */
  lines?: number;
  /** journald writes asynchronously: retry an empty answer for this long (ms). Default 1500. */
  waitMs?: number;
}

export function isInvocationId(s: string): boolean {
  return /^[0-9a-f]{32}$/.test(s);
}

/**
 * journalctl's arguments for one invocation of a unit: the service's own output
 * (`_SYSTEMD_INVOCATION_ID`), systemd's messages about it (`INVOCATION_ID`,
 * `USER_INVOCATION_ID`), and lines that carry only the unit's name: a process
 * that exits at once can be gone before journald reads its cgroup, and then its
 * last words have `_SYSTEMD_UNIT` but no invocation ID. `since` (the invocation's
 * start) keeps earlier invocations' such lines out.
 */
export function journalctlArgs(unit: string, invocationId: string, window: JournalWindow = {}, opts: JournalctlOptions = {}): string[] {
  return [
    '--no-pager',
    '--quiet',
    '-o',
    'json',
    '-n',
    String(opts.lines ?? 200),
    ...(window.since ? ['--since', `@${(window.since / 1000).toFixed(6)}`] : []),
    ...(opts.user ? ['--user'] : []),
    ...(opts.directory ? ['-D', opts.directory] : []),
    `_SYSTEMD_INVOCATION_ID=${invocationId}`,
    '+',
    `INVOCATION_ID=${invocationId}`,
    '+',
    `USER_INVOCATION_ID=${invocationId}`,
    '+',
    `_SYSTEMD_UNIT=${unit}`,
    '+',
    `_SYSTEMD_USER_UNIT=${unit}`,
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
export function belongsTo(e: Entry, invocationId: string): boolean {
  const ids = INVOCATION_FIELDS.map((f) => field(e, f)).filter(Boolean);
  return ids.length === 0 || ids.includes(invocationId);
}

/** `2026-11-23T07:51:59.123Z sh[119]: about to fail`, like `journalctl -o short-iso`. */
export function formatEntry(e: Entry): string {
  const us = Number(field(e, '__REALTIME_TIMESTAMP'));
  const when = Number.isFinite(us) && us > 0 ? new Date(Math.floor(us / 1000)).toISOString() : '-';
  const who = field(e, 'SYSLOG_IDENTIFIER') || field(e, '_COMM') || 'unknown';
  const pid = field(e, '_PID') || field(e, 'SYSLOG_PID');
  return `${when} ${who}${pid ? `[${pid}]` : ''}: ${field(e, 'MESSAGE')}`;
}

/** Turn `journalctl -o json` output into this invocation's lines. */
export function parseJournalJson(stdout: string, invocationId: string): string[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Entry)
    .filter((e) => belongsTo(e, invocationId))
    .map(formatEntry);
}

/** The journal reader used by default: runs `journalctl` on this machine. */
export function journalctlReader(opts: JournalctlOptions = {}): JournalReader {
  return async (unit, invocationId, window = {}) => {
    if (!isInvocationId(invocationId)) return [];
    // A process's last lines may still sit in journald's socket while systemd's own
    // "Main process exited" is already stored: --sync makes journald take in all
    // that was sent before (it needs privileges; without them we fall back to retrying).
    if (!opts.directory) await run('journalctl', ['--sync', ...(opts.user ? ['--user'] : [])]);
    const args = journalctlArgs(unit, invocationId, window, opts);
    const deadline = Date.now() + (opts.waitMs ?? 1500);
    for (;;) {
      const lines = parseJournalJson(await run('journalctl', args), invocationId);
      if (lines.length > 0 || Date.now() >= deadline) return lines;
      await new Promise((r) => setTimeout(r, 150));
    }
  };
}

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile(cmd, args, { maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => {
      // A missing journalctl or an unreadable journal leaves the verdict without lines, not broken.
      resolve(err && !stdout ? '' : String(stdout));
    });
  });
}
