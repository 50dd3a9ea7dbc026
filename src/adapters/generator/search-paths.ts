// Where Quadlet files are looked for (podman-systemd.unit(5), "unit search path").
import { join } from 'node:path';

export interface SearchEnv {
  readonly QUADLET_UNIT_DIRS?: string;
  readonly XDG_RUNTIME_DIR?: string;
  readonly XDG_CONFIG_HOME?: string;
  readonly HOME?: string;
}

const SYSTEM_DIRS = ['/run/containers/systemd', '/etc/containers/systemd', '/usr/share/containers/systemd'];

function userDirs(env: SearchEnv, uid: number): string[] {
  const config = env.XDG_CONFIG_HOME || (env.HOME ? join(env.HOME, '.config') : undefined);
  return [
    ...(env.XDG_RUNTIME_DIR ? [join(env.XDG_RUNTIME_DIR, 'containers/systemd')] : []),
    ...(config ? [join(config, 'containers/systemd')] : []),
    `/etc/containers/systemd/users/${uid}`,
    USERS_DIR,
  ];
}

const USERS_DIR = '/etc/containers/systemd/users';

/**
 * Subfolders not to walk: the per-user tree under /etc/containers/systemd is not
 * part of the system search path, and other users' UID folders are not ours.
 */
export function skipSubdir(isUser: boolean): (parent: string, name: string) => boolean {
  return (parent, name) => {
    if (!isUser) return join(parent, name) === USERS_DIR;
    return parent === USERS_DIR && /^\d+$/.test(name);
  };
}

/** Search folders in precedence order (earlier wins for a duplicate file name). */
export function unitSearchDirs(env: SearchEnv, isUser: boolean, uid: number): string[] {
  if (env.QUADLET_UNIT_DIRS) return env.QUADLET_UNIT_DIRS.split(':').filter((d) => d !== '');
  return isUser ? userDirs(env, uid) : SYSTEM_DIRS;
}
