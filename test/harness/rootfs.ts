/**
 * Root filesystems of the Podman 5 systems, built once by rootfs/make-rootfs.sh and
 * cached, keyed by suite + package list + recipe: a changed list or recipe is a new key
 * (so a new build); an existing key is reused as is. The cache lives in the checkout's
 * ignored .cache/rootfs unless QUADCTL_ROOTFS_CACHE names another dir (CI sets a
 * machine-level one, so fresh clones reuse it). A rootfs is only ever read: sandboxes
 * use it as the lower layer of their overlay, so any number share one.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKOUT } from './checkout';
import type { SystemInfo } from './systems';

export const CACHE_ENV = 'QUADCTL_ROOTFS_CACHE';
const RECIPE = join(__dirname, 'rootfs', 'make-rootfs.sh');

/**
 * What the Podman 5 sandboxes need inside. quadctl runs on the machine's node, bound in
 * at boot (/usr/local/bin, first on PATH); Debian's own nodejs is there for the .deb
 * install test (test/e2e/deb-install.test.ts), as the package depends on it.
 */
export const ROOTFS_PACKAGES = [
  'systemd', 'systemd-sysv', 'dbus', 'dbus-user-session', 'libpam-systemd', 'mount', 'util-linux', 'passwd',
  'podman', 'crun', 'runc', 'conmon', 'catatonit', 'netavark', 'aardvark-dns', 'passt', 'uidmap',
  'iptables', 'nftables', 'iproute2', 'procps', 'curl', 'ca-certificates', 'jq', 'less',
  'docker-registry', 'apache2-utils', 'busybox-static', 'nodejs',
];

export function rootfsCache(): string {
  return process.env[CACHE_ENV] || join(CHECKOUT, '.cache', 'rootfs');
}

export function rootfsKey(suite: string): string {
  const hash = createHash('sha256').update(JSON.stringify({ suite, packages: [...ROOTFS_PACKAGES].sort(), recipe: readFileSync(RECIPE, 'utf8') }));
  return `${suite}-${hash.digest('hex').slice(0, 12)}`;
}

export function rootfsPath(suite: string): string {
  return join(rootfsCache(), rootfsKey(suite));
}

/** A finished build: make-rootfs.sh writes this file last. */
export const isBuilt = (dir: string): boolean => existsSync(join(dir, '.quadctl-e2e-versions'));

export interface Built {
  path: string;
  /** Seconds the build took; null when the cache already had it. */
  builtSeconds: number | null;
}

/**
 * The system's rootfs, building it when the cache lacks it. Concurrent callers (jest
 * workers, parallel runs) wait on one lock; the build goes to DIR.partial and is
 * renamed when complete, so a killed build never looks finished.
 */
export function ensureRootfs(system: SystemInfo, log: (line: string) => void = () => undefined): Built {
  if (system.suite === null) throw new Error(`${system.name} boots the machine's own /, not a rootfs`);
  const dir = rootfsPath(system.suite);
  if (isBuilt(dir)) return { path: dir, builtSeconds: null };
  mkdirSync(rootfsCache(), { recursive: true });
  log(`quadctl e2e: building the ${system.name} root filesystem (Debian ${system.suite}, once) into ${dir}`);
  const started = Date.now();
  const script = `set -euo pipefail
    [ -e "$2/.quadctl-e2e-versions" ] && exit 0
    rm -rf "$2.partial"
    bash "$3" "$1" "$2.partial" "\${@:4}" >"$2.log" 2>&1 || { tail -n 30 "$2.log" >&2; exit 1; }
    rm -rf "$2"; mv "$2.partial" "$2"`;
  const made = spawnSync('flock', [`${dir}.lock`, 'bash', '-c', script, 'bash', system.suite, dir, RECIPE, ...ROOTFS_PACKAGES], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (made.status !== 0 || !isBuilt(dir)) {
    throw new Error(`building the ${system.name} rootfs failed (log: ${dir}.log):\n${made.stderr}${made.error?.message ?? ''}`);
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  log(`quadctl e2e: ${system.name} root filesystem ready in ${seconds} s`);
  return { path: dir, builtSeconds: seconds };
}
