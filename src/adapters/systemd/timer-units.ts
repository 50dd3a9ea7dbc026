// Turning the shipped units/quadctl-update.{service,timer} into the files
// `quadctl timer enable` installs: the schedule the user asked for and an
// ExecStart= that runs this very quadctl. Text in, text out; no I/O here.
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

/** Quote one argument for ExecStart= so systemd's word splitting gives it back unchanged. */
export function quoteExecArg(arg: string): string {
  // %: specifier; $: variable expansion; both doubled to mean themselves.
  const escaped = arg.replace(/%/g, '%%').replace(/\$/g, '$$$$');
  if (/^[A-Za-z0-9_@%$+=:,./-]+$/.test(escaped)) return escaped;
  const hex = (c: string) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  return `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\u0000-\u001f\u007f]/g, hex)}"`;
}

/** Replace the value of the first `Key=` line in `section` (the shipped files have exactly one). */
export function setKey(text: string, section: string, key: string, value: string): string {
  const lines = text.split('\n');
  let current = '';
  let done = false;
  const out = lines.map((line) => {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) current = header[1];
    if (!done && current === section && new RegExp(`^\\s*${key}\\s*=`).test(line)) {
      done = true;
      return `${key}=${value}`;
    }
    return line;
  });
  if (!done) throw new Error(`template has no ${key}= in [${section}]`);
  return out.join('\n');
}

export function renderTimerUnits(templates: { service: string; timer: string }, settings: TimerSettings): { service: string; timer: string } {
  let timer = templates.timer;
  if (settings.onCalendar !== undefined) timer = setKey(timer, 'Timer', 'OnCalendar', settings.onCalendar);
  if (settings.randomizedDelay !== undefined) timer = setKey(timer, 'Timer', 'RandomizedDelaySec', settings.randomizedDelay);
  const service = setKey(templates.service, 'Service', 'ExecStart', settings.execStart.map(quoteExecArg).join(' '));
  return { service: `${INSTALLED_MARK}\n${service}`, timer: `${INSTALLED_MARK}\n${timer}` };
}
