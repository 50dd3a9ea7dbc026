// Enabling, disabling and linking unit files through the manager, as
// `systemctl enable/disable/link` do. None of these reload; callers reload after.
import { MANAGER, MANAGER_PATH, type SystemdBus } from './bus';
import { SystemdCallError } from './errors';
import type { UnitFileChange, UnitFileOptions } from './types';

function toChanges(raw: unknown): UnitFileChange[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((c: unknown) => {
    const [type, file, destination] = Array.isArray(c) ? c : [];
    return { type: String(type ?? ''), file: String(file ?? ''), destination: String(destination ?? '') };
  });
}

export async function enableUnitFiles(bus: SystemdBus, files: string[], opts: UnitFileOptions = {}): Promise<{ carriesInstallInfo: boolean; changes: UnitFileChange[] }> {
  const [carries, changes] = await bus.call({ path: MANAGER_PATH, iface: MANAGER, member: 'EnableUnitFiles', signature: 'asbb', body: [files, !!opts.runtime, !!opts.force] });
  return { carriesInstallInfo: carries === true, changes: toChanges(changes) };
}

export async function disableUnitFiles(bus: SystemdBus, files: string[], opts: UnitFileOptions = {}): Promise<UnitFileChange[]> {
  const [changes] = await bus.call({ path: MANAGER_PATH, iface: MANAGER, member: 'DisableUnitFiles', signature: 'asb', body: [files, !!opts.runtime] });
  return toChanges(changes);
}

/** Make units outside systemd's search path known to it (absolute paths). */
export async function linkUnitFiles(bus: SystemdBus, paths: string[], opts: UnitFileOptions = {}): Promise<UnitFileChange[]> {
  const [changes] = await bus.call({ path: MANAGER_PATH, iface: MANAGER, member: 'LinkUnitFiles', signature: 'asbb', body: [paths, !!opts.runtime, !!opts.force] });
  return toChanges(changes);
}

/** `enabled`, `disabled`, `static`, `linked`, …; '' when systemd knows no such file. */
export async function unitFileState(bus: SystemdBus, file: string): Promise<string> {
  try {
    const [state] = await bus.call({ path: MANAGER_PATH, iface: MANAGER, member: 'GetUnitFileState', signature: 's', body: [file] });
    return String(state);
  } catch (err) {
    if (err instanceof SystemdCallError && /NoSuchUnit|FileNotFound|NoSuchFile/i.test(err.dbusName + err.message)) return '';
    throw err;
  }
}
