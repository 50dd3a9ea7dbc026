// Reading a unit's properties and turning D-Bus values (BigInt microseconds, byte
// arrays) into plain typed data.
import type { UnitSample } from '../../update/settle-verdict';
import { MANAGER, MANAGER_PATH, type SystemdBus } from './bus';
import type { UnitState } from './types';

export const UNIT_IFACE = 'org.freedesktop.systemd1.Unit';
export const SERVICE_IFACE = 'org.freedesktop.systemd1.Service';

/** The object path of a unit, loading it if systemd has not yet (GetUnit would fail then). */
export async function unitPath(bus: SystemdBus, unit: string): Promise<string> {
  const [path] = await bus.call({ path: MANAGER_PATH, iface: MANAGER, member: 'LoadUnit', signature: 's', body: [unit] });
  return String(path);
}

/** Microseconds since the epoch (as D-Bus `t`) → milliseconds, or null for "never". */
export function usecToMs(v: unknown): number | null {
  if (typeof v === 'bigint') return v === 0n ? null : Number(v / 1000n);
  if (typeof v === 'number') return v === 0 ? null : Math.floor(v / 1000);
  return null;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return 0;
}

/** InvocationID arrives as a byte array; systemd prints it as 32 hex digits. */
export function invocationHex(v: unknown): string {
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  if (Array.isArray(v)) return Buffer.from(v.map(num)).toString('hex');
  return '';
}

/** Build UnitState from the Unit (and, for services, Service) property maps. */
export function toUnitState(name: string, unit: Record<string, unknown>, service: Record<string, unknown>): UnitState {
  return {
    name,
    loadState: str(unit.LoadState),
    activeState: str(unit.ActiveState),
    subState: str(unit.SubState),
    result: str(service.Result),
    nRestarts: num(service.NRestarts),
    execMainCode: num(service.ExecMainCode),
    execMainStatus: num(service.ExecMainStatus),
    mainPid: num(service.MainPID),
    invocationId: invocationHex(unit.InvocationID),
    needDaemonReload: unit.NeedDaemonReload === true,
    fragmentPath: str(unit.FragmentPath),
    unitFileState: str(unit.UnitFileState),
    timestamps: {
      inactiveExit: usecToMs(unit.InactiveExitTimestamp),
      activeEnter: usecToMs(unit.ActiveEnterTimestamp),
      activeExit: usecToMs(unit.ActiveExitTimestamp),
      inactiveEnter: usecToMs(unit.InactiveEnterTimestamp),
      stateChange: usecToMs(unit.StateChangeTimestamp),
      execMainStart: usecToMs(service.ExecMainStartTimestamp),
      execMainExit: usecToMs(service.ExecMainExitTimestamp),
    },
  };
}

export async function readUnitState(bus: SystemdBus, unit: string, path?: string): Promise<UnitState> {
  const p = path ?? (await unitPath(bus, unit));
  const unitProps = await bus.getAll(p, UNIT_IFACE);
  const serviceProps = unit.endsWith('.service') ? await bus.getAll(p, SERVICE_IFACE) : {};
  return toUnitState(unit, unitProps, serviceProps);
}

export function sampleOf(state: UnitState, at: number): UnitSample {
  return {
    at,
    activeState: state.activeState,
    subState: state.subState,
    result: state.result,
    nRestarts: state.nRestarts,
    invocationId: state.invocationId,
    execMainCode: state.execMainCode,
    execMainStatus: state.execMainStatus,
  };
}

/** Apply a PropertiesChanged payload to the last known state (systemd sends current values). */
export function mergeChanged(state: UnitState, iface: string, changed: Record<string, unknown>): UnitState {
  if (iface === UNIT_IFACE) {
    const unit = {
      LoadState: state.loadState,
      ActiveState: state.activeState,
      SubState: state.subState,
      InvocationID: undefined as unknown,
      ...changed,
    };
    const next = toUnitState(state.name, unit, {});
    return {
      ...state,
      loadState: next.loadState,
      activeState: next.activeState,
      subState: next.subState,
      invocationId: 'InvocationID' in changed ? next.invocationId : state.invocationId,
      timestamps: { ...state.timestamps, ...pickDefined(next.timestamps, changed, TIMESTAMP_KEYS.unit) },
    };
  }
  if (iface === SERVICE_IFACE) {
    return {
      ...state,
      result: 'Result' in changed ? str(changed.Result) : state.result,
      nRestarts: 'NRestarts' in changed ? num(changed.NRestarts) : state.nRestarts,
      execMainCode: 'ExecMainCode' in changed ? num(changed.ExecMainCode) : state.execMainCode,
      execMainStatus: 'ExecMainStatus' in changed ? num(changed.ExecMainStatus) : state.execMainStatus,
      mainPid: 'MainPID' in changed ? num(changed.MainPID) : state.mainPid,
    };
  }
  return state;
}

const TIMESTAMP_KEYS = {
  unit: {
    inactiveExit: 'InactiveExitTimestamp',
    activeEnter: 'ActiveEnterTimestamp',
    activeExit: 'ActiveExitTimestamp',
    inactiveEnter: 'InactiveEnterTimestamp',
    stateChange: 'StateChangeTimestamp',
  },
} as const;

function pickDefined(
  ts: UnitState['timestamps'],
  changed: Record<string, unknown>,
  keys: Readonly<Record<string, string>>,
): Partial<UnitState['timestamps']> {
  const out: Partial<UnitState['timestamps']> = {};
  for (const [field, prop] of Object.entries(keys)) {
    if (prop in changed) out[field as keyof UnitState['timestamps']] = ts[field as keyof UnitState['timestamps']];
  }
  return out;
}
