// The container units quadctl installed, found from their files (not from running
// containers), so `status` can list a unit that is stopped, failed or
// crash-looping: `.container` files in Quadlet's folder and `.service` files in
// systemd's that carry quadctl's marker.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { markerSource } from '../../render';

export interface InstalledUnit {
  service: string;
  path: string;
  /** The image the file names, when it can be read off it (Quadlet's Image=). */
  image?: string;
  policy?: string;
}

function listing(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

const POLICY_LABEL = /io\.quadctl\.policy=([^\s"']+)/;

function describe(path: string, text: string): InstalledUnit | null {
  const name = basename(path);
  const policy = POLICY_LABEL.exec(text)?.[1];
  if (name.endsWith('.container')) {
    const own = /^ServiceName=(\S+)$/m.exec(text)?.[1];
    return { service: `${own ?? name.slice(0, -'.container'.length)}.service`, path, image: /^Image=(\S+)$/m.exec(text)?.[1], ...(policy ? { policy } : {}) };
  }
  // A generated container (or kube) service: systemd sets its containers' unit label.
  if (name.endsWith('.service') && text.includes('PODMAN_SYSTEMD_UNIT=%n')) return { service: name, path, ...(policy ? { policy } : {}) };
  return null;
}

/** Container units in `dirs` whose files quadctl wrote (any config). */
export function installedUnits(dirs: readonly string[]): InstalledUnit[] {
  const found = new Map<string, InstalledUnit>();
  for (const dir of dirs) {
    for (const name of listing(dir)) {
      const path = join(dir, name);
      const text = read(path);
      if (text === null || markerSource(text) === undefined) continue;
      const unit = describe(path, text);
      if (unit && !found.has(unit.service)) found.set(unit.service, unit);
    }
  }
  return [...found.values()];
}
