// Writes generated units and [Install] symlinks. Every file and link appears
// atomically (temp name + rename), so systemd never reads a half-written unit.
import { renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { InstallLink } from '../../quadlet/install';
import { makeDirSync } from '../fs/make-dir';

let counter = 0;
const tempName = (path: string): string => `${path}.tmp-${process.pid}-${counter++}`;

/** Folders already created in this run (a generator writes hundreds of files into few folders). */
const made = new Set<string>();

/** Makes the folder of `path`, once per run. */
function ensureParent(path: string): void {
  // The folder as written (outDir plus a link's "x.wants"): path.dirname's scan in JS cost ~3% of a 1,000-unit run.
  const slash = path.lastIndexOf('/');
  const dir = slash > 0 ? path.slice(0, slash) : dirname(path);
  if (made.has(dir)) return;
  makeDirSync(dir);
  made.add(dir);
}

export function writeFileAtomic(path: string, text: string): void {
  ensureParent(path);
  const tmp = tempName(path);
  try {
    // With the encoding named, Node (20.10+) writes the string in C++ without a Buffer copy.
    writeFileSync(tmp, text, { mode: 0o644, encoding: 'utf8' });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Creates the link under the output folder (given as dirPrefix(outDir)); an existing one is replaced atomically (temp link + rename). */
export function symlinkAtomic(outPrefix: string, link: InstallLink): void {
  const path = outPrefix + link.link;
  ensureParent(path);
  try {
    symlinkSync(link.target, path);
    return;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const tmp = tempName(path);
  try {
    symlinkSync(link.target, tmp);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** One generated unit to write: its file and its [Install] links. */
export interface UnitWrite {
  readonly path: string;
  readonly text: string;
  /** The output folder as dirPrefix() gives it; link names are relative to it. */
  readonly outPrefix: string;
  readonly links: readonly InstallLink[];
}

/** Writes a unit and its links; returns the error message, so one unit that cannot be written does not stop the others. */
export function writeUnit(w: UnitWrite): string | undefined {
  try {
    writeFileAtomic(w.path, w.text);
    for (const link of w.links) symlinkAtomic(w.outPrefix, link);
  } catch (e) {
    return `writing "${w.path}": ${(e as Error).message}`;
  }
  return undefined;
}
