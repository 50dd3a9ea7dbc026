// Updates a unit folder (/etc/containers/systemd, /etc/systemd/system, …) all
// or nothing: every new file is written and fsynced under a temporary name
// first, then all are renamed into place, with the old ones kept aside until
// the last rename succeeded (and put back if one fails). Only files carrying
// quadctl's marker for this config are replaced or removed; any other file in
// the way stops the update before anything is written.
import { closeSync, type Dirent, fsyncSync, lstatSync, openSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync } from 'node:fs';
import { open, symlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { kindOfFile, serviceNameOf } from '../../quadlet/names';
import { markerSource } from '../../render';
import { parseUnitFile, type UnitFile } from '../../unitfile';
import { makeDir } from './make-dir';

export interface DesiredFile {
  /** Relative to the folder: "web.service", "multi-user.target.wants/web.service". */
  readonly name: string;
  readonly content?: string;
  /** Symlink target, for [Install] links. */
  readonly link?: string;
  /** The service this file belongs to. */
  readonly service: string;
}

export interface PlannedFile {
  readonly name: string;
  readonly service?: string;
  /** Current text (or link target) in the folder. */
  readonly before?: string;
  /** Text (or link target) after the update. */
  readonly after?: string;
  readonly isLink: boolean;
}

export interface DirPlan {
  readonly dir: string;
  readonly add: readonly PlannedFile[];
  readonly change: readonly PlannedFile[];
  readonly remove: readonly PlannedFile[];
  readonly keep: readonly PlannedFile[];
  /** Files in the way that quadctl did not write (for this config). */
  readonly conflicts: readonly string[];
}

interface Existing {
  readonly name: string;
  readonly text?: string;
  readonly link?: string;
}

const LINK_DIRS = /\.(wants|requires|upholds)$/;

function entries(dir: string): Existing[] {
  let list: Dirent[];
  try {
    list = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return list.flatMap((d): Existing[] => {
    const path = join(dir, d.name);
    if (d.isSymbolicLink()) return [{ name: d.name, link: readlinkSync(path) }];
    if (d.isFile()) return [{ name: d.name, text: readFileSync(path, 'utf8') }];
    if (d.isDirectory() && LINK_DIRS.test(d.name)) return entries(path).filter((e) => e.link !== undefined).map((e) => ({ ...e, name: `${d.name}/${e.name}` }));
    return [];
  });
}

/**
 * The service an installed file belongs to, for stopping it when it goes: a link's
 * target; for a Quadlet file the service Quadlet makes of it (web.container →
 * web.service, data.volume → data-volume.service, or its ServiceName=); else the
 * file itself (web.service).
 */
function installedService(dir: string, e: Existing): string {
  if (e.link !== undefined) return basename(e.link);
  const kind = kindOfFile(e.name);
  if (kind === undefined || e.text === undefined) return e.name;
  const path = join(dir, e.name);
  return `${serviceNameOf({ fileName: e.name, path, kind, unit: parseOrEmpty(e.text, path) })}.service`;
}

/** An installed file edited beyond parsing still has Quadlet's default service name. */
function parseOrEmpty(text: string, path: string): UnitFile {
  try {
    return parseUnitFile(text, path);
  } catch {
    return parseUnitFile('');
  }
}

/** What apply would do in `dir` for `source` (an absolute config path). */
export function planDir(dir: string, desired: readonly DesiredFile[], source: string): DirPlan {
  const existing = new Map(entries(dir).map((e) => [e.name, e]));
  const ownedFiles = new Set([...existing.values()].filter((e) => e.text !== undefined && markerSource(e.text) === source).map((e) => e.name));
  const ourServices = new Set([...ownedFiles, ...desired.filter((d) => d.content !== undefined).map((d) => d.name)]);
  const ownedLink = (e: Existing): boolean => e.link !== undefined && ourServices.has(basename(e.link)) && ownedFiles.has(basename(e.link));
  const owned = (e: Existing): boolean => ownedFiles.has(e.name) || ownedLink(e);
  const plan = { add: [] as PlannedFile[], change: [] as PlannedFile[], remove: [] as PlannedFile[], keep: [] as PlannedFile[], conflicts: [] as string[] };
  for (const d of desired) {
    const after = d.content ?? d.link;
    const isLink = d.link !== undefined;
    const e = existing.get(d.name);
    const entry = { name: d.name, service: d.service, before: e?.text ?? e?.link, after, isLink };
    if (!e) plan.add.push(entry);
    else if (isLink && e.link === d.link) plan.keep.push(entry);
    else if (!owned(e)) plan.conflicts.push(d.name);
    else if ((e.text ?? e.link) === after && (e.link !== undefined) === isLink) plan.keep.push(entry);
    else plan.change.push(entry);
  }
  const wanted = new Set(desired.map((d) => d.name));
  for (const e of existing.values()) {
    if (!wanted.has(e.name) && owned(e)) plan.remove.push({ name: e.name, service: installedService(dir, e), before: e.text ?? e.link, isLink: e.link !== undefined });
  }
  return { dir, ...plan };
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

async function writeTemp(path: string, f: PlannedFile): Promise<void> {
  await makeDir(dirname(path));
  if (f.isLink) {
    await symlink(f.after ?? '', path);
    return;
  }
  const handle = await open(path, 'wx', 0o644);
  try {
    await handle.writeFile(f.after ?? '');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes and fsyncs every temp file, many at once (the disk batches the syncs). */
async function writeTemps(jobs: readonly { path: string; file: PlannedFile }[]): Promise<void> {
  const queue = [...jobs];
  const worker = async (): Promise<void> => {
    for (let job = queue.shift(); job; job = queue.shift()) await writeTemp(job.path, job.file);
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(32, jobs.length) }, worker));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Removes a temp file if it is there; cleanup must not stop at one that never got created. */
function discard(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // e.g. ENOTDIR: its folder could not be made, so the file does not exist either
  }
}

const exists = (path: string): boolean => {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
};

/** Carries out a plan; throws (with the folder as it was) when any step fails. */
export async function applyPlan(plan: DirPlan): Promise<void> {
  if (plan.conflicts.length > 0) throw new Error(`not written by quadctl for this config, so left alone: ${plan.conflicts.map((c) => join(plan.dir, c)).join(', ')}; move them away first`);
  const tag = `quadctl-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const aside = (name: string, what: string): string => join(plan.dir, dirname(name), `.${basename(name)}.${tag}.${what}`);
  const writes = [...plan.add, ...plan.change];
  const temps = writes.map((f) => aside(f.name, 'new'));
  try {
    await writeTemps(writes.map((file, i) => ({ path: temps[i], file })));
  } catch (e) {
    for (const t of temps) discard(t);
    throw e;
  }
  const undo: (() => void)[] = [];
  try {
    for (const f of [...plan.change, ...plan.remove]) {
      const path = join(plan.dir, f.name);
      const backup = aside(f.name, 'old');
      renameSync(path, backup);
      undo.push(() => renameSync(backup, path));
    }
    writes.forEach((f, i) => {
      const path = join(plan.dir, f.name);
      renameSync(temps[i], path);
      undo.push(() => rmSync(path, { force: true }));
    });
  } catch (e) {
    for (const u of undo.reverse()) u();
    for (const t of temps) discard(t);
    throw e;
  }
  for (const f of [...plan.change, ...plan.remove]) {
    const backup = aside(f.name, 'old');
    if (exists(backup)) rmSync(backup, { force: true });
  }
  for (const d of new Set([plan.dir, ...writes.map((f) => dirname(join(plan.dir, f.name)))])) syncDir(d);
}
