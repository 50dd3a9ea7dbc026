// Podman versions as the renderer compares them.

export interface Version {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

export function parseVersion(text: string): Version | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) } : undefined;
}

export function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export const formatVersion = (v: Version): string => `${v.major}.${v.minor}.${v.patch}`;

/** Podman's own Quadlet arrived in 4.4: from there on, Quadlet files are the better target. */
export const QUADLET_SINCE: Version = { major: 4, minor: 4, patch: 0 };
/** The oldest Podman whose flags quadctl knows (Debian 12's). */
export const OLDEST_SUPPORTED: Version = { major: 4, minor: 3, patch: 0 };

export function atLeast(v: Version, min: Version): boolean {
  return compareVersions(v, min) >= 0;
}
