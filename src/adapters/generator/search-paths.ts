// Where Quadlet files are looked for (podman-systemd.unit(5), "unit search path").
import { join } from 'node:path';
import { QUADLET_SYSTEM_DIRS, QUADLET_USERS_DIR, quadletUserSearchDirs } from '../../paths';

interface SearchEnv {
  readonly QUADLET_UNIT_DIRS?: string;
  readonly XDG_RUNTIME_DIR?: string;
  readonly XDG_CONFIG_HOME?: string;
  readonly HOME?: string;
}

/**
 * Subfolders not to walk: the per-user tree under /etc/containers/systemd is not
 * part of the system search path, and other users' UID folders are not ours.
 */
export function skipSubdir(isUser: boolean): (parent: string, name: string) => boolean {
  return (parent, name) => {
    if (!isUser) return join(parent, name) === QUADLET_USERS_DIR;
    return parent === QUADLET_USERS_DIR && /^\d+$/.test(name);
  };
}

/** Search folders in precedence order (earlier wins for a duplicate file name). */
export function unitSearchDirs(env: SearchEnv, isUser: boolean, uid: number): string[] {
  if (env.QUADLET_UNIT_DIRS) return env.QUADLET_UNIT_DIRS.split(':').filter((d) => d !== '');
  return isUser ? quadletUserSearchDirs(env, uid) : [...QUADLET_SYSTEM_DIRS];
}
