/**
 * What a machine needs before the real-system tests can run. Checked against the
 * current PATH, so hiding tools from PATH simulates a machine without them.
 */
import { accessSync, constants, openSync, readSync, closeSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { isBuilt, rootfsPath } from './rootfs';
import { type SystemInfo, systemInfo } from './systems';

interface Prerequisite {
  /** How the report names it, e.g. the Debian package that provides it. */
  name: string;
  present: (path: string) => boolean;
}

export function onPath(command: string, path: string): string | null {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

/** True when an ELF file has no program interpreter (PT_INTERP), i.e. it is statically linked. */
export function isStaticElf(file: string): boolean {
  const header = Buffer.alloc(4096);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (header.readUInt32BE(0) !== 0x7f454c46 || header[4] !== 2) return false; // 64-bit ELF only
  const phoff = Number(header.readBigUInt64LE(0x20));
  const phentsize = header.readUInt16LE(0x36);
  const phnum = header.readUInt16LE(0x38);
  const PT_INTERP = 3;
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (at + 4 > header.length) return false;
    if (header.readUInt32LE(at) === PT_INTERP) return false;
  }
  return true;
}

const command = (name: string, pkg = name): Prerequisite => ({ name: pkg === name ? name : `${name} (${pkg})`, present: (path) => onPath(name, path) !== null });

/** Every system: the sandbox's namespaces, and the images pushed from the jest process. */
const COMMON: Prerequisite[] = [
  { name: 'root', present: () => process.getuid?.() === 0 },
  command('unshare', 'util-linux'),
  command('nsenter', 'util-linux'),
  command('setpriv', 'util-linux'),
  command('htpasswd', 'apache2-utils'),
  command('tar'),
  {
    name: 'busybox-static',
    present: (path) => {
      const busybox = onPath('busybox', path);
      return busybox !== null && isStaticElf(busybox);
    },
  },
];

/** bookworm boots the machine's own /: its Podman, systemd and registry run inside. */
const MACHINE_SYSTEM: Prerequisite[] = [
  command('podman'),
  command('runc'),
  // Rootless Podman (test/e2e/rootless.test.ts): subordinate id maps and user-mode networking.
  command('newuidmap', 'uidmap'),
  command('slirp4netns'),
  command('docker-registry'),
  { name: 'systemd', present: () => canExecute('/lib/systemd/systemd') },
];

/** The Podman 5 systems boot a rootfs: built once (mmdebstrap), then only read. */
const rootfsSystem = (system: SystemInfo): Prerequisite[] => [
  command('flock', 'util-linux'),
  { name: 'mmdebstrap', present: (path) => onPath('mmdebstrap', path) !== null || isBuilt(rootfsPath(system.suite!)) },
];

const prerequisitesOf = (system: SystemInfo): Prerequisite[] => [...COMMON, ...(system.suite === null ? MACHINE_SYSTEM : rootfsSystem(system))];

function canExecute(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Names of what `system` misses (default: the current one); empty when its real-system tests can run. */
export function missingPrerequisites(path = process.env.PATH ?? '', system: SystemInfo = systemInfo()): string[] {
  return prerequisitesOf(system).filter((p) => !p.present(path)).map((p) => p.name);
}

/** The static busybox the images are made of (checked by missingPrerequisites). */
export function busyboxPath(path = process.env.PATH ?? ''): string {
  const found = onPath('busybox', path);
  if (!found) throw new Error('busybox is not on PATH (apt-get install busybox-static)');
  return found;
}
