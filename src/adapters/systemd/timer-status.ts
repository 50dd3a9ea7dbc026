import type { SystemdBus } from './bus';
import type { TimerStatus } from './types';
import { unitFileState } from './unit-files';
import { SERVICE_IFACE, UNIT_IFACE, unitPath, usecToMs } from './unit-state';

const TIMER_IFACE = 'org.freedesktop.systemd1.Timer';

/** TimersCalendar is a(sst): (base, spec, next elapse µs); keep the specs. */
function calendarSpecs(v: unknown): string[] {
  return Array.isArray(v) ? v.map((e: unknown) => (Array.isArray(e) ? String(e[1]) : '')).filter(Boolean) : [];
}

/** What `systemctl list-timers` and `systemctl status` would say about a timer and its service. */
export async function readTimerStatus(bus: SystemdBus, timer: string, service: string): Promise<TimerStatus> {
  const tPath = await unitPath(bus, timer);
  const tUnit = await bus.getAll(tPath, UNIT_IFACE);
  const loaded = tUnit.LoadState === 'loaded';
  const t = loaded ? await bus.getAll(tPath, TIMER_IFACE) : {};
  const sPath = await unitPath(bus, service);
  const sUnit = await bus.getAll(sPath, UNIT_IFACE);
  const s = sUnit.LoadState === 'loaded' ? await bus.getAll(sPath, SERVICE_IFACE) : {};
  const fileState = await unitFileState(bus, timer);
  return {
    unit: timer,
    loaded,
    unitFileState: fileState,
    enabled: fileState === 'enabled' || fileState === 'enabled-runtime',
    activeState: String(tUnit.ActiveState ?? ''),
    calendar: calendarSpecs(t.TimersCalendar),
    nextElapse: usecToMs(t.NextElapseUSecRealtime),
    lastTrigger: usecToMs(t.LastTriggerUSec),
    service: {
      unit: service,
      activeState: String(sUnit.ActiveState ?? ''),
      result: String(s.Result ?? ''),
      execMainStatus: Number(s.ExecMainStatus ?? 0),
      lastStart: usecToMs(s.ExecMainStartTimestamp),
      lastExit: usecToMs(s.ExecMainExitTimestamp),
    },
  };
}
