// Installing and removing the auto-update timer: write both unit files
// atomically (both or neither), reload, enable, (re)start; and the reverse.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { Systemd } from './client';
import { SystemdCallError } from './errors';
import { type PathEnv, type Scope, systemdUnitDir } from '../../paths';
import { INSTALLED_MARK, renderTimerUnits, SERVICE_UNIT, TIMER_UNIT, type TimerSettings } from './timer-units';
import type { JobOutcome } from './types';
import { makeDirSync } from '../fs/make-dir';

interface InstallOptions extends TimerSettings {
  scope: Scope;
  /** Folder with the shipped templates (the package's `units/`). */
  templatesDir: string;
  env: PathEnv;
}

interface InstallReport {
  directory: string;
  files: string[];
  reloadMs: number;
  job: JobOutcome;
}

function readIfExists(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Write all files or none: on a failure, put back what was there before. */
function writeAllOrNothing(files: { path: string; text: string }[]): void {
  const before = files.map((f) => ({ path: f.path, text: readIfExists(f.path) }));
  try {
    for (const f of files) writeFileAtomic.sync(f.path, f.text, { mode: 0o644 });
  } catch (err) {
    for (const b of before) {
      if (b.text === null) rmSync(b.path, { force: true });
      else writeFileAtomic.sync(b.path, b.text, { mode: 0o644 });
    }
    throw err;
  }
}

function templates(dir: string, scope: Scope): { service: string; timer: string } {
  const base = scope === 'user' ? join(dir, 'user') : dir;
  return { service: readFileSync(join(base, SERVICE_UNIT), 'utf8'), timer: readFileSync(join(base, TIMER_UNIT), 'utf8') };
}

export async function installTimer(sd: Systemd, opts: InstallOptions): Promise<InstallReport> {
  const directory = systemdUnitDir(opts.scope, opts.env);
  const units = renderTimerUnits(templates(opts.templatesDir, opts.scope), opts);
  makeDirSync(directory);
  const files = [
    { path: join(directory, SERVICE_UNIT), text: units.service },
    { path: join(directory, TIMER_UNIT), text: units.timer },
  ];
  writeAllOrNothing(files);
  const { elapsedMs: reloadMs } = await sd.reload();
  await sd.enableUnitFiles([TIMER_UNIT], { force: true });
  // Restart, not start: an already running timer must pick up a new schedule.
  const job = await sd.restartUnit(TIMER_UNIT, { timeoutMs: 30_000 });
  if (job.result !== 'done') throw new Error(`starting ${TIMER_UNIT} ended '${job.result}'`);
  return { directory, files: files.map((f) => f.path), reloadMs, job };
}

interface RemoveReport {
  directory: string;
  removed: string[];
  /** Files that exist but were not written by quadctl: left alone. */
  kept: string[];
}

/** A unit or unit file that is not there is already stopped and disabled. */
async function ignoreMissing<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof SystemdCallError && /NoSuchUnit|not loaded|No such file/i.test(`${err.dbusName} ${err.message}`)) return null;
    throw err;
  }
}

/** Stop and disable the timer; delete the unit files only if `timer enable` wrote them. */
export async function removeTimer(sd: Systemd, scope: Scope, env: PathEnv): Promise<RemoveReport> {
  const directory = systemdUnitDir(scope, env);
  await ignoreMissing(sd.stopUnit(TIMER_UNIT, { timeoutMs: 30_000 }));
  await ignoreMissing(sd.disableUnitFiles([TIMER_UNIT]));
  const removed: string[] = [];
  const kept: string[] = [];
  for (const name of [TIMER_UNIT, SERVICE_UNIT]) {
    const path = join(directory, name);
    const text = readIfExists(path);
    if (text === null) continue;
    if (text.startsWith(INSTALLED_MARK)) {
      rmSync(path, { force: true });
      removed.push(path);
    } else kept.push(path);
  }
  await sd.reload();
  return { directory, removed, kept };
}
