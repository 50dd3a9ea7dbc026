/**
 * The sandboxes this process started and has not stopped yet. While any exist, SIGINT,
 * SIGTERM and process exit tear them down first, so an interrupted jest leaves nothing
 * behind; the handlers are removed again when the last one stops.
 */
import { destroySync } from './destroy';
import { realProcess } from './real-process';
import type { StateDir } from './state-dir';

const proc = realProcess();

const live = new Map<string, StateDir>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function destroyAll(): void {
  for (const dir of [...live.values()]) {
    live.delete(dir.id);
    destroySync(dir);
  }
}

function onSignal(signal: NodeJS.Signals): void {
  destroyAll();
  uninstall();
  // Die of the same signal, as the default action would have done.
  proc.kill(proc.pid, signal);
}

function install(): void {
  for (const s of SIGNALS) proc.on(s, onSignal);
  proc.on('exit', destroyAll);
}

function uninstall(): void {
  for (const s of SIGNALS) proc.off(s, onSignal);
  proc.off('exit', destroyAll);
}

export function track(dir: StateDir): void {
  if (live.size === 0) install();
  live.set(dir.id, dir);
}

export function untrack(dir: StateDir): void {
  live.delete(dir.id);
  if (live.size === 0) uninstall();
}
