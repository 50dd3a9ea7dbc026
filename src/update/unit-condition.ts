/**
 * How `status` names a unit's condition from systemd's states: running,
 * stopped, failed, crash-looping (systemd keeps restarting it), starting,
 * stopping, or not-found (its file is gone).
 */
export type Condition = 'running' | 'stopped' | 'failed' | 'crash-looping' | 'starting' | 'stopping' | 'not-found';

interface SystemdView {
  loadState: string;
  activeState: string;
  subState: string;
  nRestarts: number;
}

export function conditionOf(s: SystemdView): Condition {
  if (s.loadState === 'not-found') return 'not-found';
  if (s.subState === 'auto-restart' || (s.activeState === 'activating' && s.nRestarts > 0)) return 'crash-looping';
  if (s.activeState === 'active' || s.activeState === 'reloading') return 'running';
  if (s.activeState === 'failed') return 'failed';
  if (s.activeState === 'activating') return 'starting';
  if (s.activeState === 'deactivating') return 'stopping';
  return 'stopped';
}
