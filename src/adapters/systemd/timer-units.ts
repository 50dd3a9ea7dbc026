// Turning the shipped units/quadctl-update.{service,timer} into the files
// `quadctl timer enable` installs: the schedule the user asked for and an
// ExecStart= that runs this very quadctl. Text in, text out; no I/O here. The
// files are read and written with the unit-file codec (src/unitfile), so a value
// can never start a new line or key, and everything else in the shipped files
// (comments, hardening, a packager's changes) is kept.
import { escapeValue, escapeWords, parseUnitFile, serializeUnitFile, type UnitFile } from '../../unitfile';

export const TIMER_UNIT = 'quadctl-update.timer';
export const SERVICE_UNIT = 'quadctl-update.service';

/** Marks files `timer enable` wrote, so `timer disable` removes only its own. */
export const INSTALLED_MARK = '# Installed by `quadctl timer enable`; `quadctl timer disable` removes it.';

export interface TimerSettings {
  /** OnCalendar= value (already checked by systemd-analyze when available). */
  onCalendar?: string;
  /** RandomizedDelaySec= value, a systemd time span. */
  randomizedDelay?: string;
  /** argv for ExecStart=, e.g. [node, /path/bin/quadctl, 'update']. */
  execStart: string[];
}

/**
 * Values end up in a unit that runs as root: refuse anything that could end the
 * line or start a new assignment, and the specifier/escape characters no
 * calendar spec or time span ever contains.
 */
export function unsafeValueReason(value: string): string | null {
  if (value.trim() === '') return 'is empty';
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'contains a control character (newline, tab, …)';
  if (/[%\\]/.test(value)) return "contains '%' or '\\', which no calendar spec or time span uses";
  return null;
}

/**
 * The value of Key= in [section], in place (the shipped files have one; were there
 * more, this value replaces them all). A shipped file without the key is a broken
 * package: say so rather than add a line somewhere.
 */
function replaceValue(unit: UnitFile, section: string, key: string, value: string): void {
  if (!unit.hasKey(section, key)) throw new Error(`template has no ${key}= in [${section}]`);
  unit.set(section, key, value);
}

/** The installed pair: the shipped files with the schedule and ExecStart= set, marked as ours. */
export function renderTimerUnits(templates: { service: string; timer: string }, settings: TimerSettings): { service: string; timer: string } {
  const timer = parseUnitFile(templates.timer, TIMER_UNIT);
  // Trimmed as systemd reads them (the codec refuses a value it would change).
  if (settings.onCalendar !== undefined) replaceValue(timer, 'Timer', 'OnCalendar', escapeValue(settings.onCalendar.trim()));
  if (settings.randomizedDelay !== undefined) replaceValue(timer, 'Timer', 'RandomizedDelaySec', escapeValue(settings.randomizedDelay.trim()));
  const service = parseUnitFile(templates.service, SERVICE_UNIT);
  // literal: a % or $ in a path is doubled, so systemd passes it through as written.
  replaceValue(service, 'Service', 'ExecStart', escapeWords(settings.execStart, { literal: true, exec: true }));
  return { service: serializeUnitFile(service, [INSTALLED_MARK]), timer: serializeUnitFile(timer, [INSTALLED_MARK]) };
}
