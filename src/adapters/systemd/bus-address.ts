import { failed, ok, type Result } from '../../result';
import type { Scope } from './types';

/** Where the system bus lives unless DBUS_SYSTEM_BUS_ADDRESS says otherwise (D-Bus spec default). */
const DEFAULT_SYSTEM_BUS = 'unix:path=/run/dbus/system_bus_socket';

/**
 * The D-Bus address for a scope, the way sd_bus_open_system/sd_bus_open_user find
 * it, so quadctl talks to the same manager as `systemctl [--user]` would.
 */
export function resolveBusAddress(scope: Scope, env: Readonly<Record<string, string | undefined>>): Result<string> {
  if (scope === 'system') return ok(env.DBUS_SYSTEM_BUS_ADDRESS || DEFAULT_SYSTEM_BUS);
  if (env.DBUS_SESSION_BUS_ADDRESS) return ok(env.DBUS_SESSION_BUS_ADDRESS);
  if (env.XDG_RUNTIME_DIR) return ok(`unix:path=${env.XDG_RUNTIME_DIR}/bus`);
  return failed(
    'no user bus: neither DBUS_SESSION_BUS_ADDRESS nor XDG_RUNTIME_DIR is set. ' +
      'Run from a login session of that user (or `machinectl shell USER@`), ' +
      'or set XDG_RUNTIME_DIR=/run/user/$(id -u); the user manager must be running (`loginctl enable-linger USER`).',
  );
}

/** The socket path of a `unix:path=` address, for existence checks; null for other kinds. */
export function socketPath(address: string): string | null {
  const first = address.split(';')[0] ?? '';
  const m = /^unix:(?:.*,)?path=([^,]+)/.exec(first);
  return m ? decodeURIComponentSafe(m[1]) : null;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
