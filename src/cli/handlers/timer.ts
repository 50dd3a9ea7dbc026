import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkCalendar, checkTimespan } from '../../adapters/systemd/calendar';
import { hostEnv } from '../../adapters/fs/host-env';
import { withSystemd, type TimerStatus } from '../../adapters/systemd';
import { installTimer, removeTimer } from '../../adapters/systemd/timer-install';
import { SERVICE_UNIT, TIMER_UNIT, unsafeValueReason } from '../../adapters/systemd/timer-units';
import { type Scope, scopeOf } from '../../paths';
import { CommandError } from '../command-error';
import { ExitCode } from '../exit-codes';
import { jsonText } from '../json-output';

export interface Common {
  user: boolean;
  json: boolean;
}

export interface EnableArgs extends Common {
  'on-calendar'?: string;
  'randomized-delay'?: string;
}

const say = (s: string): void => void process.stdout.write(`${s}\n`);

function invalid(message: string): never {
  throw new CommandError('timer', message, ExitCode.Invalid);
}

/** The package root: dist/*.mjs → .. (units/ lives there). */
function packageRoot(): string {
  return dirname(dirname(fileURLToPath(import.meta.url)));
}

/** ExecStart= argv that runs this very quadctl, wherever it is installed. */
function selfCommand(scope: Scope): string[] {
  const script = process.argv[1] ? realpathSync(process.argv[1]) : join(packageRoot(), 'bin', 'quadctl');
  return [process.execPath, script, 'update', ...(scope === 'user' ? ['--user'] : [])];
}

async function checkValue(flag: string, value: string | undefined, check: (v: string) => ReturnType<typeof checkCalendar>): Promise<void> {
  if (value === undefined) return;
  const unsafe = unsafeValueReason(value);
  if (unsafe) invalid(`--${flag} '${value}' ${unsafe}`);
  const r = await check(value);
  if (r.ok === false) invalid(`--${flag} '${value}' is not valid: ${r.message}`);
  if (r.ok === 'unchecked') process.stderr.write(`quadctl timer: systemd-analyze not found; --${flag} '${value}' not checked before use\n`);
}

export async function enable(a: EnableArgs): Promise<void> {
  await checkValue('on-calendar', a['on-calendar'], checkCalendar);
  await checkValue('randomized-delay', a['randomized-delay'], checkTimespan);
  const scope = scopeOf(a.user);
  await withSystemd({ scope }, async (sd) => {
    const report = await installTimer(sd, {
      scope,
      templatesDir: join(packageRoot(), 'units'),
      env: hostEnv(),
      execStart: selfCommand(scope),
      onCalendar: a['on-calendar'],
      randomizedDelay: a['randomized-delay'],
    });
    const status = await sd.timerStatus(TIMER_UNIT, SERVICE_UNIT);
    if (a.json) process.stdout.write(jsonText({ installed: report.files, reloadMs: Math.round(report.reloadMs), status: toJson(scope, status) }));
    else {
      say(`Installed ${report.files.join(' and ')}`);
      say(formatStatus(status));
    }
  });
}

export async function disable(a: Common): Promise<void> {
  const scope = scopeOf(a.user);
  await withSystemd({ scope }, async (sd) => {
    const r = await removeTimer(sd, scope, hostEnv());
    if (a.json) process.stdout.write(jsonText(r));
    else {
      say(`${TIMER_UNIT} stopped and disabled.`);
      for (const f of r.removed) say(`Removed ${f}`);
      for (const f of r.kept) say(`Kept ${f} (not written by quadctl)`);
    }
  });
}

export async function status(a: Common): Promise<void> {
  const scope = scopeOf(a.user);
  await withSystemd({ scope }, async (sd) => {
    const s = await sd.timerStatus(TIMER_UNIT, SERVICE_UNIT);
    if (a.json) process.stdout.write(jsonText(toJson(scope, s)));
    else say(formatStatus(s));
  });
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The JSON scripts read: stable names, ISO times, null for "never". */
function toJson(scope: Scope, s: TimerStatus) {
  return {
    scope,
    timer: s.unit,
    installed: s.loaded,
    enabled: s.enabled,
    unitFileState: s.unitFileState,
    active: s.activeState === 'active',
    schedule: s.calendar,
    nextElapse: iso(s.nextElapse),
    lastTrigger: iso(s.lastTrigger),
    lastRun: {
      service: s.service.unit,
      state: s.service.activeState,
      result: s.service.lastStart === null ? null : s.service.result,
      exitStatus: s.service.lastExit === null ? null : s.service.execMainStatus,
      startedAt: iso(s.service.lastStart),
      finishedAt: iso(s.service.lastExit),
    },
  };
}

function formatStatus(s: TimerStatus): string {
  if (!s.loaded) return `${s.unit}: not installed (quadctl timer enable installs it)`;
  const fmt = (ms: number | null) => (ms === null ? 'never' : new Date(ms).toISOString());
  const last = s.service.lastStart === null ? 'never ran' : `${s.service.result} (exit status ${s.service.execMainStatus}) at ${fmt(s.service.lastExit ?? s.service.lastStart)}`;
  return [
    `${s.unit}: ${s.enabled ? 'enabled' : s.unitFileState || 'disabled'}, ${s.activeState}`,
    `  schedule:     ${s.calendar.join('; ') || '-'}`,
    `  next run:     ${s.nextElapse === null ? 'none scheduled' : fmt(s.nextElapse)}`,
    `  last trigger: ${fmt(s.lastTrigger)}`,
    `  last result:  ${last}`,
  ].join('\n');
}
