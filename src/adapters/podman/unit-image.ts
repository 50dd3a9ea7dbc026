// The config port: switching a unit's image the smallest way that cannot hide
// later edits (src/update/image-switch.ts says which), restoring it, and
// systemctl queries the updater needs (a unit's origin, its dependencies).
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { markerSource } from '../../render/marker';
import type { ConfigState } from '../../update/history';
import { IMAGE_DROPIN_NAME, ImageSwitchError, quadletImageDropIn, rewriteGeneratedImage, type UnitOrigin } from '../../update/image-switch';
import type { ConfigPort } from '../../update/ports';
import { batched } from './batch';

export type Scope = 'system' | 'user';

function systemctl(scope: Scope, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('systemctl', [...(scope === 'user' ? ['--user'] : []), ...args], { timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`systemctl ${args.join(' ')}: ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
  });
}

/** systemd's admin directory for the scope (where quadctl's earlier ExecStart drop-ins lived). */
export function dropInDir(scope: Scope, env: NodeJS.ProcessEnv = process.env): string {
  if (scope === 'system') return '/etc/systemd/system';
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'systemd', 'user');
}

/** The drop-in earlier quadctl versions wrote (a frozen ExecStart=); apply removes it. */
export function legacyDropInPath(scope: Scope, unit: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(dropInDir(scope, env), `${unit}.d`, IMAGE_DROPIN_NAME);
}

/** Quadlet's admin directory for the scope: where quadctl's `.container.d/` drop-ins go. */
export function quadletAdminDir(scope: Scope, env: NodeJS.ProcessEnv = process.env): string {
  if (scope === 'system') return '/etc/containers/systemd';
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'containers', 'systemd');
}

/** `systemctl show` blocks (`Key=value` lines, units separated by a blank line). */
export function parseShow(text: string): Record<string, string>[] {
  return text
    .split(/\n\s*\n/)
    .filter((b) => b.trim())
    .map((block) => Object.fromEntries(block.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])));
}

async function readOrNull(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw err;
  }
}

/** Where a unit comes from and the one file quadctl changes to switch its image. */
export interface UnitLocation {
  origin: UnitOrigin;
  /** The generated file itself, or the Quadlet drop-in; '' for a hand-written unit. */
  path: string;
  /** For a Quadlet unit: the image its own .container names. */
  ownImage?: string;
}

type UnitPaths = Record<string, string>;

/** FragmentPath and SourcePath of several units in one `systemctl show` (its blocks come in the order asked). */
async function unitPaths(scope: Scope, units: string[]): Promise<Map<string, UnitPaths>> {
  const blocks = parseShow(await systemctl(scope, ['show', '-p', 'FragmentPath', '-p', 'SourcePath', ...units]));
  return new Map(units.map((u, i) => [u, blocks[i] ?? {}]));
}

async function locate(scope: Scope, unit: string, props: UnitPaths | undefined): Promise<UnitLocation> {
  const source = props?.SourcePath ?? '';
  if (source.endsWith('.container')) {
    const text = await readOrNull(source);
    if (text !== null && markerSource(text) !== undefined) return { origin: 'generated', path: source };
    const ownImage = text === null ? undefined : /^Image=(\S+)$/m.exec(text)?.[1];
    return { origin: 'quadlet', path: join(quadletAdminDir(scope), `${basename(source)}.d`, IMAGE_DROPIN_NAME), ...(ownImage ? { ownImage } : {}) };
  }
  const fragment = props?.FragmentPath ?? '';
  const text = fragment ? await readOrNull(fragment) : null;
  if (text !== null && markerSource(text) !== undefined) return { origin: 'generated', path: fragment };
  return { origin: 'hand-written', path: '' };
}

export async function locateUnit(scope: Scope, unit: string): Promise<UnitLocation> {
  return locate(scope, unit, (await unitPaths(scope, [unit])).get(unit));
}

async function writeAtomic(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, text, { mode: 0o644, fsync: true });
}

export function unitConfigPort(scope: Scope, reload: () => Promise<unknown>): ConfigPort {
  // Where a unit's files are does not change during a run: asked once per unit, and the
  // units asked at about the same time share one systemctl.
  const paths = batched((units) => unitPaths(scope, units));
  const known = new Map<string, Promise<UnitPaths | undefined>>();
  const located = async (unit: string): Promise<UnitLocation> => {
    let props = known.get(unit);
    if (!props) {
      props = paths(unit);
      known.set(unit, props);
      props.catch(() => known.delete(unit));
    }
    return locate(scope, unit, await props);
  };
  return {
    async read(unit): Promise<ConfigState> {
      const { path } = await located(unit);
      return { dropIn: path ? await readOrNull(path) : null };
    },
    origin: async (unit) => (await located(unit)).origin,
    async switchImage(unit, fromImage, toImage) {
      const { origin, path, ownImage } = await located(unit);
      if (origin === 'hand-written') throw new ImageSwitchError(`${unit} is hand-written: quadctl changes a tag only in units it generated or Quadlet .container files`);
      if (origin === 'quadlet' && ownImage === toImage) {
        // Back on the image the user's own file names: no override left to show.
        await rm(path, { force: true });
        await reload();
        return;
      }
      const text = origin === 'generated' ? rewriteGeneratedImage((await readOrNull(path)) ?? '', fromImage, toImage, path) : quadletImageDropIn(unit, toImage);
      await writeAtomic(path, text);
      await reload();
    },
    async restore(unit, state) {
      const { path } = await located(unit);
      if (!path) return false;
      const now = await readOrNull(path);
      if (now === state.dropIn) return false;
      if (state.dropIn === null) await rm(path, { force: true });
      else await writeAtomic(path, state.dropIn);
      await reload();
      return true;
    },
  };
}

const DEPENDENCY_PROPS = ['Requires', 'Requisite', 'BindsTo', 'Wants', 'After', 'PartOf'];

/** For each unit, the units it depends on or is ordered after. */
export async function unitDependencies(scope: Scope, units: string[]): Promise<Map<string, string[]>> {
  if (units.length === 0) return new Map();
  const blocks = parseShow(await systemctl(scope, ['show', ...DEPENDENCY_PROPS.flatMap((p) => ['-p', p]), '-p', 'Id', ...units]));
  return new Map(blocks.map((b, i) => [b.Id || units[i], DEPENDENCY_PROPS.flatMap((p) => (b[p] ?? '').split(/\s+/).filter(Boolean))]));
}
