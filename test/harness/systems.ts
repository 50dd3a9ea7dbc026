/**
 * The real systems the e2e suites run on, chosen per jest run by QUADCTL_E2E_SYSTEM.
 * `bookworm` boots the machine's own / (Debian 12); the Podman 5 systems boot a Debian
 * root filesystem built once by rootfs/make-rootfs.sh and cached (see rootfs.ts).
 */
export type SystemName = 'bookworm' | 'trixie' | 'forky';

export const SYSTEM_ENV = 'QUADCTL_E2E_SYSTEM';

export interface SystemInfo {
  name: SystemName;
  /** The Podman version the system ships. */
  podman: string;
  /** systemd's major version. */
  systemd: number;
  /** Debian suite of the root filesystem; null: the machine's own / (host overlay). */
  suite: string | null;
  /** OCI runtime Podman is configured with inside. */
  runtime: 'runc' | 'crun';
}

export const SYSTEMS: Record<SystemName, SystemInfo> = {
  bookworm: { name: 'bookworm', podman: '4.3.1', systemd: 252, suite: null, runtime: 'runc' },
  trixie: { name: 'trixie', podman: '5.4.2', systemd: 257, suite: 'trixie', runtime: 'crun' },
  forky: { name: 'forky', podman: '5.8.6', systemd: 262, suite: 'forky', runtime: 'crun' },
};

export const SYSTEM_NAMES = Object.keys(SYSTEMS) as SystemName[];

export function isSystemName(s: string): s is SystemName {
  return Object.hasOwn(SYSTEMS, s);
}

/** The system this jest run boots (QUADCTL_E2E_SYSTEM, default bookworm); no boot needed. */
export function currentSystem(): { name: SystemName; podman: string; systemd: number } {
  return systemInfo();
}

export function systemInfo(name = process.env[SYSTEM_ENV] || 'bookworm'): SystemInfo {
  if (!isSystemName(name)) throw new Error(`${SYSTEM_ENV}=${name}: not one of ${SYSTEM_NAMES.join(', ')}`);
  return SYSTEMS[name];
}

/**
 * `test` on the given systems; elsewhere a skipped test whose name says why, so a
 * report never hides what did not run: `name [skipped on forky: reason]`.
 */
export function testOn(systems: SystemName[], reason: string): jest.It {
  const here = currentSystem().name;
  if (systems.includes(here)) return test;
  const suffix = ` [skipped on ${here}: ${reason}]`;
  const skip = ((name: string, fn?: jest.ProvidesCallback, timeout?: number) => test.skip(`${name}${suffix}`, fn, timeout)) as jest.It;
  return Object.assign(skip, { only: skip, skip, todo: test.todo, concurrent: skip, each: test.skip.each, failing: skip });
}
