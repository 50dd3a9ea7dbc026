// Reads the unit search folders: every Quadlet source file (first one found per
// name wins), with its drop-ins merged. A file that does not parse is reported
// and skipped; the others still load. Each folder is listed once (with entry
// types), since a generator runs on every daemon-reload and may see 1,000 units.
import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { parseUnitFile, UnitFileParseError, type UnitFile } from '../../unitfile';
import { dropInDirNames } from '../../quadlet/dropins';
import { kindOfFile } from '../../quadlet/names';
import type { SourceUnit } from '../../quadlet/types';

export interface LoadResult {
  readonly units: SourceUnit[];
  readonly errors: string[];
}

export interface LoadLog {
  debug(message: string): void;
}

type EntryType = 'file' | 'dir' | 'other';

interface Entry {
  readonly name: string;
  readonly type: EntryType;
}

function statType(path: string): EntryType {
  try {
    const st = statSync(path);
    return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
  } catch {
    return 'other';
  }
}

/** Symlinks are followed (Quadlet supports them in and as search folders). */
function entryType(dir: string, d: Dirent): EntryType {
  if (d.isSymbolicLink()) return statType(join(dir, d.name));
  return d.isDirectory() ? 'dir' : d.isFile() ? 'file' : 'other';
}

/** Folder listings, read once and sorted by name; a missing folder lists as empty. */
export class Listings {
  private readonly cache = new Map<string, readonly Entry[]>();
  private readonly byName = new Map<string, ReadonlyMap<string, EntryType>>();

  list(dir: string): readonly Entry[] {
    let entries = this.cache.get(dir);
    if (entries === undefined) {
      try {
        entries = readdirSync(dir, { withFileTypes: true })
          .map((d) => ({ name: d.name, type: entryType(dir, d) }))
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      } catch {
        entries = [];
      }
      this.cache.set(dir, entries);
    }
    return entries;
  }

  has(dir: string, name: string, type: EntryType): boolean {
    let names = this.byName.get(dir);
    if (names === undefined) {
      names = new Map(this.list(dir).map((e) => [e.name, e.type]));
      this.byName.set(dir, names);
    }
    return names.get(name) === type;
  }
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Decides whether a subfolder found while walking a search folder is walked too. */
export type SubdirFilter = (parent: string, name: string) => boolean;

/**
 * Each search folder followed by its subfolders (depth first, by name). Drop-in
 * folders are not walked, `skip` can exclude more, and a folder reached twice
 * (symlinks) is walked once.
 */
export function expandDirs(dirs: readonly string[], skip: SubdirFilter = () => false, listings = new Listings()): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (dir: string): void => {
    const real = realPath(dir);
    if (seen.has(real) || statType(dir) !== 'dir') return;
    seen.add(real);
    out.push(dir);
    for (const e of listings.list(dir)) {
      if (e.type === 'dir' && !e.name.endsWith('.d') && !skip(dir, e.name)) visit(join(dir, e.name));
    }
  };
  dirs.forEach(visit);
  return out;
}

function parseFile(path: string, errors: string[]): UnitFile | undefined {
  try {
    return parseUnitFile(readFileSync(path, 'utf8'), path);
  } catch (e) {
    const detail = e instanceof UnitFileParseError ? e.detail : (e as Error).message;
    errors.push(`error loading "${path}", ${detail}`);
    return undefined;
  }
}

/** The drop-in files for a unit, merged in file-name order after precedence is applied. */
function dropInPaths(fileName: string, dirs: readonly string[], listings: Listings): string[] {
  const chosen = new Map<string, string>();
  for (const dropDir of dropInDirNames(fileName)) {
    for (const dir of dirs) {
      if (!listings.has(dir, dropDir, 'dir')) continue;
      const folder = join(dir, dropDir);
      for (const e of listings.list(folder)) {
        if (e.type === 'file' && e.name.endsWith('.conf') && !chosen.has(e.name)) chosen.set(e.name, join(folder, e.name));
      }
    }
  }
  return [...chosen.keys()].sort().map((name) => chosen.get(name) ?? '');
}

function sourceFiles(dirs: readonly string[], listings: Listings): Map<string, string> {
  const found = new Map<string, string>();
  for (const dir of dirs) {
    for (const e of listings.list(dir)) {
      if (e.type === 'file' && kindOfFile(e.name) !== undefined && !found.has(e.name)) found.set(e.name, join(dir, e.name));
    }
  }
  return found;
}

export function loadUnits(searchDirs: readonly string[], log: LoadLog, skip?: SubdirFilter): LoadResult {
  const listings = new Listings();
  const dirs = expandDirs(searchDirs, skip, listings);
  const errors: string[] = [];
  const units: SourceUnit[] = [];
  for (const [fileName, path] of sourceFiles(dirs, listings)) {
    log.debug(`Loading source unit file ${path}`);
    const unit = parseFile(path, errors);
    if (unit === undefined) continue;
    let ok = true;
    for (const dropIn of dropInPaths(fileName, dirs, listings)) {
      log.debug(`Loading source drop-in file ${dropIn}`);
      const parsed = parseFile(dropIn, errors);
      if (parsed === undefined) ok = false;
      else unit.merge(parsed);
    }
    const kind = kindOfFile(fileName);
    if (ok && kind !== undefined) units.push({ fileName, path, kind, unit });
  }
  return { units, errors };
}
