/**
 * Switching a unit to a new tag without touching its own file: a drop-in that
 * replaces ExecStart= with the same command line, the image word changed.
 * Works for hand-written units, `podman generate systemd` units and units a
 * Quadlet generator wrote (drop-ins in /etc/systemd/system/UNIT.d apply to
 * generated units too). Rolling back removes the drop-in or puts the previous
 * one back, so the unit's own configuration is never lost.
 *
 * The new reference comes from a registry's tag list, i.e. from outside: it is
 * accepted only if it is made of the characters an image reference may have,
 * so it can not add words, lines or specifiers to a unit that runs as root.
 */
import { parseUnitFile } from '../unitfile';

export const DROPIN_NAME = '90-quadctl-image.conf';

const SAFE_REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._\-/:@]*$/;

export class DropInError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DropInError';
  }
}

/** The effective ExecStart= of a unit from its file and drop-ins, in systemd's order (empty resets). */
export function effectiveExecStart(files: readonly { path: string; text: string }[]): string[] {
  let lines: string[] = [];
  for (const f of files) {
    const unit = parseUnitFile(f.text, f.path);
    if (!unit.hasGroup('Service')) continue;
    for (const v of unit.rawValues('Service', 'ExecStart')) lines = v === '' ? [] : [...lines, v];
  }
  return lines;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** ExecStart with `from` (a whole word, bare or quoted) replaced by `to`; error when not exactly once. */
export function replaceImageWord(execStart: string, from: string, to: string): string {
  if (!SAFE_REFERENCE.test(to)) throw new DropInError(`refusing image reference ${JSON.stringify(to)}: characters outside an image reference`);
  const word = new RegExp(`(^|\\s)(["']?)${escapeRegExp(from)}\\2(?=\\s|$)`, 'g');
  const hits = execStart.match(word)?.length ?? 0;
  if (hits !== 1) throw new DropInError(`ExecStart= names ${from} ${hits === 0 ? 'nowhere' : `${hits} times`}; can not switch it to ${to} safely`);
  return execStart.replace(word, (_m, lead: string, quote: string) => `${lead}${quote}${to}${quote}`);
}

const HEADER = /^# Written by quadctl update: \S+ runs (\S+) instead of (\S+)\.$/m;

/** The image the unit file itself names, as recorded in quadctl's drop-in; null if unreadable. */
export function baseImageOf(dropIn: string): string | null {
  return HEADER.exec(dropIn)?.[2] ?? null;
}

/**
 * The drop-in text that makes the unit run `to` instead of `from`. Rendered
 * from the unit's own ExecStart= (without an earlier quadctl drop-in), so a
 * unit file changed since the last update is picked up by the next one.
 */
export function renderImageDropIn(execStarts: readonly string[], from: string, to: string, unit: string): string {
  const podmanRun = execStarts.filter((v) => v.includes(from));
  if (execStarts.length === 0) throw new DropInError(`${unit} has no ExecStart=`);
  if (podmanRun.length !== 1) throw new DropInError(`${unit}: ${podmanRun.length === 0 ? 'no' : 'more than one'} ExecStart= names ${from}`);
  const rewritten = execStarts.map((v) => (v === podmanRun[0] ? replaceImageWord(v, from, to) : v));
  return [
    `# Written by quadctl update: ${unit} runs ${to} instead of ${from}.`,
    '# `quadctl rollback` removes or restores this file; delete it to return to the unit as written.',
    '[Service]',
    'ExecStart=',
    ...rewritten.map((v) => `ExecStart=${v}`),
    '',
  ].join('\n');
}
