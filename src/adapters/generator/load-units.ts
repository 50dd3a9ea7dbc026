// Reads the unit search folders: every Quadlet source file (first one found per
// name wins), with its drop-ins merged. As in Podman's Quadlet, a file that does not
// parse is reported and takes its whole folder with it (none of that folder's units
// are written, the other folders' are); a drop-in that does not parse is reported
// and the unit goes on without it. One exception: a file holding a NUL byte is
// refused alone (Quadlet would write the NUL into a unit). Each folder is listed
// once (with entry types), since a generator runs on every daemon-reload and may
// see 1,000 units.
import { existsSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { join, normalize } from 'node:path';
import { parseUnitFile, UnitFileParseError, type UnitFile } from '../../unitfile';
import { dropInDirNames } from '../../quadlet/dropins';
import { kindOfFile } from '../../quadlet/names';
import type { SourceUnit } from '../../quadlet/types';
import { byCodePoint } from '../../text-order';

interface LoadLog {
  debug(message: string): void;
  /** An error, given where Quadlet reports it: after its folder's files, after its unit's drop-ins. */
  error(message: string): void;
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
class Listings {
  private readonly cache = new Map<string, readonly Entry[] | undefined>();
  private readonly byName = new Map<string, ReadonlyMap<string, EntryType>>();

  list(dir: string): readonly Entry[] {
    return this.read(dir) ?? [];
  }

  /** The folder's entries, or undefined when it is not a folder that can be listed. */
  read(dir: string): readonly Entry[] | undefined {
    if (this.cache.has(dir)) return this.cache.get(dir);
    let entries: Entry[] | undefined;
    try {
      entries = readdirSync(dir, { withFileTypes: true })
        .map((d) => ({ name: d.name, type: entryType(dir, d) }))
        .sort((a, b) => byCodePoint(a.name, b.name));
    } catch {
      entries = undefined;
    }
    this.cache.set(dir, entries);
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
  // Most search folders do not exist on a host: asking first spares a thrown ENOENT for each.
  if (!existsSync(path)) return path;
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Decides whether a subfolder found while walking a search folder is walked too. */
type SubdirFilter = (parent: string, name: string) => boolean;

/**
 * Each search folder followed by its subfolders (depth first, by name). Drop-in
 * folders are not walked, `skip` can exclude more, and a folder reached twice
 * (symlinks) is walked once.
 */
function expandDirs(dirs: readonly string[], skip: SubdirFilter = () => false, listings = new Listings()): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (dir: string): void => {
    const real = realPath(dir);
    if (seen.has(real)) return;
    // Listing it is the test that it is a folder (a folder that cannot be read adds nothing either way).
    const entries = listings.read(dir);
    if (entries === undefined) return;
    seen.add(real);
    out.push(dir);
    for (const e of entries) {
      if (e.type === 'dir' && !e.name.endsWith('.d') && !skip(dir, e.name)) visit(join(dir, e.name));
    }
  };
  dirs.forEach(visit);
  return out;
}

// An options object, not 'utf8': given a string, Node 20's fs makes its options with an
// object spread, which on its V8 gets a new hidden class per call (see split-words.ts).
const READ_TEXT = { encoding: 'utf8', flag: 'r' } as const;

type Parsed = { readonly unit: UnitFile } | { readonly failed: 'parse' | 'refused' };

function parseFile(path: string, errors: string[]): Parsed {
  let text: string;
  try {
    text = readFileSync(path, READ_TEXT);
  } catch (e) {
    errors.push(`error loading "${path}", ${(e as Error).message}`);
    return { failed: 'parse' };
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const line = text.slice(0, nul).split('\n').length;
    errors.push(`error loading "${path}", line ${line} holds a NUL byte: refusing the file (no unit is written for it)`);
    return { failed: 'refused' };
  }
  try {
    return { unit: parseUnitFile(text, path) };
  } catch (e) {
    const detail = e instanceof UnitFileParseError ? e.detail : (e as Error).message;
    errors.push(`error loading "${path}", ${detail}`);
    return { failed: 'parse' };
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

interface Found {
  readonly fileName: string;
  readonly path: string;
  readonly unit: UnitFile;
}

/**
 * `dir` cleaned, ending in "/": PREFIX + NAME is path.join(dir, NAME) for a plain entry
 * name, without cleaning the whole path again for each of 1,000 files.
 */
export function dirPrefix(dir: string): string {
  const clean = normalize(dir);
  return clean.endsWith('/') ? clean : `${clean}/`;
}

/**
 * Quadlet's loadUnitsFromDir for every folder: the first file of a name wins (a name
 * is taken once it parsed), and a folder with a file that fails to parse adds none.
 */
function sourceUnits(dirs: readonly string[], listings: Listings, log: LoadLog): Found[] {
  const seen = new Set<string>();
  const out: Found[] = [];
  for (const dir of dirs) {
    const fromDir: Found[] = [];
    const errors: string[] = [];
    const prefix = dirPrefix(dir);
    let dirFailed = false;
    for (const e of listings.list(dir)) {
      if (e.type !== 'file' || kindOfFile(e.name) === undefined || seen.has(e.name)) continue;
      const path = prefix + e.name;
      log.debug(`Loading source unit file ${path}`);
      const parsed = parseFile(path, errors);
      if ('unit' in parsed) {
        seen.add(e.name);
        fromDir.push({ fileName: e.name, path, unit: parsed.unit });
      } else if (parsed.failed === 'parse') {
        dirFailed = true;
      }
    }
    for (const e of errors) log.error(e);
    if (!dirFailed) out.push(...fromDir);
  }
  return out;
}

export function loadUnits(searchDirs: readonly string[], log: LoadLog, skip?: SubdirFilter): SourceUnit[] {
  const listings = new Listings();
  const dirs = expandDirs(searchDirs, skip, listings);
  const units: SourceUnit[] = [];
  for (const { fileName, path, unit } of sourceUnits(dirs, listings, log)) {
    const errors: string[] = [];
    for (const dropIn of dropInPaths(fileName, dirs, listings)) {
      log.debug(`Loading source drop-in file ${dropIn}`);
      const parsed = parseFile(dropIn, errors);
      if ('unit' in parsed) unit.merge(parsed.unit);
    }
    for (const e of errors) log.error(e);
    const kind = kindOfFile(fileName);
    if (kind !== undefined) units.push({ fileName, path, kind, unit });
  }
  return units;
}
