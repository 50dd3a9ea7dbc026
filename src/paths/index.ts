// Where quadctl reads and writes on a host, for the machine or for one user: the
// one place that knows the unit folders, the Quadlet folders, the config file and
// the state folder. A pure function of the environment (and the uid where Quadlet
// uses it); the adapters and commands pass this host's (src/adapters/fs/host-env).
import { isAbsolute, join } from 'node:path';

/** Which service manager (and so which folders): the machine's, or the calling user's. */
export type Scope = 'system' | 'user';

export function scopeOf(user: boolean): Scope {
  return user ? 'user' : 'system';
}

/** The variables the paths depend on. */
export interface PathEnv {
  readonly HOME?: string;
  readonly XDG_CONFIG_HOME?: string;
  readonly XDG_STATE_HOME?: string;
  readonly XDG_RUNTIME_DIR?: string;
  /** The config file, whatever the scope (tests, unusual layouts). */
  readonly QUADCTL_CONFIG?: string;
  /** The state folder, whatever the scope (tests, unusual layouts). */
  readonly QUADCTL_STATE_DIR?: string;
}

/** Quadlet's admin folder for the machine; `users/` below it holds per-user files. */
const QUADLET_SYSTEM_DIR = '/etc/containers/systemd';
/** Quadlet files for users: all of them here, one user's in users/UID. */
export const QUADLET_USERS_DIR = join(QUADLET_SYSTEM_DIR, 'users');
/** Quadlet's search path for the machine, highest precedence first (podman-systemd.unit(5)). */
export const QUADLET_SYSTEM_DIRS: readonly string[] = ['/run/containers/systemd', QUADLET_SYSTEM_DIR, '/usr/share/containers/systemd'];
/** Where `systemctl enable` and an admin put the machine's units. */
const SYSTEMD_SYSTEM_DIR = '/etc/systemd/system';

/**
 * An XDG base folder: the variable when it holds an absolute path, else HOME/fallback.
 * The XDG spec says an empty variable means the default and a relative one is
 * invalid and ignored; either would otherwise put files under the working folder.
 */
function xdgDir(value: string | undefined, env: PathEnv, fallback: string): string | undefined {
  if (value && isAbsolute(value)) return value;
  return env.HOME ? join(env.HOME, fallback) : undefined;
}

/** $XDG_CONFIG_HOME (or ~/.config); undefined when neither it nor HOME is usable. */
function configHome(env: PathEnv): string | undefined {
  return xdgDir(env.XDG_CONFIG_HOME, env, '.config');
}

function required(dir: string | undefined, variable: string): string {
  if (dir === undefined) throw new Error(`cannot find the user's folders: neither ${variable} (an absolute path) nor HOME is set`);
  return dir;
}

function userConfig(env: PathEnv, ...parts: string[]): string {
  return join(required(configHome(env), 'XDG_CONFIG_HOME'), ...parts);
}

/** Where `systemctl [--user] enable` and admins put units: /etc/systemd/system, ~/.config/systemd/user. */
export function systemdUnitDir(scope: Scope, env: PathEnv): string {
  return scope === 'system' ? SYSTEMD_SYSTEM_DIR : userConfig(env, 'systemd', 'user');
}

/** Quadlet's admin folder: /etc/containers/systemd, ~/.config/containers/systemd. */
export function quadletUnitDir(scope: Scope, env: PathEnv): string {
  return scope === 'system' ? QUADLET_SYSTEM_DIR : userConfig(env, 'containers', 'systemd');
}

/** Where `apply` installs the files of a target: Quadlet's folder or systemd's. */
export function installDir(target: 'quadlet' | 'systemd', scope: Scope, env: PathEnv): string {
  return target === 'quadlet' ? quadletUnitDir(scope, env) : systemdUnitDir(scope, env);
}

/** The config file read when no --config is given. */
export function defaultConfigFile(scope: Scope, env: PathEnv): string {
  if (env.QUADCTL_CONFIG) return env.QUADCTL_CONFIG;
  return scope === 'system' ? '/etc/quadctl/quadctl.ini' : userConfig(env, 'quadctl', 'quadctl.ini');
}

/** The updater's state and history: /var/lib/quadctl, ~/.local/state/quadctl. */
export function stateDir(scope: Scope, env: PathEnv): string {
  if (env.QUADCTL_STATE_DIR) return env.QUADCTL_STATE_DIR;
  if (scope === 'system') return '/var/lib/quadctl';
  return join(required(xdgDir(env.XDG_STATE_HOME, env, join('.local', 'state')), 'XDG_STATE_HOME'), 'quadctl');
}

/** Quadlet's search path for a user (podman-systemd.unit(5)), highest precedence first. */
export function quadletUserSearchDirs(env: PathEnv, uid: number): string[] {
  const config = configHome(env);
  return [
    ...(env.XDG_RUNTIME_DIR ? [join(env.XDG_RUNTIME_DIR, 'containers', 'systemd')] : []),
    ...(config ? [join(config, 'containers', 'systemd')] : []),
    join(QUADLET_USERS_DIR, String(uid)),
    QUADLET_USERS_DIR,
  ];
}
