// The config port: switching a unit's image the smallest way that cannot hide
// later edits (src/update/image-switch.ts says which), and restoring it. Where a
// unit comes from is systemd's answer (FragmentPath/SourcePath over D-Bus).
import { readFile, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { type PathEnv, quadletUnitDir, type Scope, systemdUnitDir } from '../../paths';
import { markerSource } from '../../render/marker';
import type { ConfigState } from '../../update/history';
import { IMAGE_DROPIN_NAME, ImageSwitchError, quadletImageDropIn, rewriteGeneratedImage, type UnitOrigin } from '../../update/image-switch';
import type { ConfigPort } from '../../update/ports';
import type { Systemd } from '../systemd';
import { makeDir } from '../fs/make-dir';

/** What the config port needs of the systemd connection. */
type UnitSystemd = Pick<Systemd, 'scope' | 'getUnitSources' | 'reload'>;

/** The drop-in earlier quadctl versions wrote (a frozen ExecStart=); apply removes it. */
export function legacyDropInPath(scope: Scope, unit: string, env: PathEnv): string {
  return join(systemdUnitDir(scope, env), `${unit}.d`, IMAGE_DROPIN_NAME);
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
interface UnitLocation {
  origin: UnitOrigin;
  /** The generated file itself, or the Quadlet drop-in; '' for a hand-written unit. */
  path: string;
  /** For a Quadlet unit: the image its own .container names. */
  ownImage?: string;
}

export async function locateUnit(systemd: Pick<UnitSystemd, 'scope' | 'getUnitSources'>, unit: string, env: PathEnv): Promise<UnitLocation> {
  const { sourcePath: source, fragmentPath: fragment } = await systemd.getUnitSources(unit);
  if (source.endsWith('.container')) {
    const text = await readOrNull(source);
    if (text !== null && markerSource(text) !== undefined) return { origin: 'generated', path: source };
    const ownImage = text === null ? undefined : /^Image=(\S+)$/m.exec(text)?.[1];
    return { origin: 'quadlet', path: join(quadletUnitDir(systemd.scope, env), `${basename(source)}.d`, IMAGE_DROPIN_NAME), ...(ownImage ? { ownImage } : {}) };
  }
  const text = fragment ? await readOrNull(fragment) : null;
  if (text !== null && markerSource(text) !== undefined) return { origin: 'generated', path: fragment };
  return { origin: 'hand-written', path: '' };
}

async function writeAtomic(path: string, text: string): Promise<void> {
  await makeDir(dirname(path));
  await writeFileAtomic(path, text, { mode: 0o644, fsync: true });
}

export function unitConfigPort(systemd: UnitSystemd, env: PathEnv): ConfigPort {
  // Where a unit's files are does not change during a run: systemd is asked once per unit.
  const known = new Map<string, ReturnType<UnitSystemd['getUnitSources']>>();
  const sources: Pick<UnitSystemd, 'scope' | 'getUnitSources'> = {
    scope: systemd.scope,
    getUnitSources(unit) {
      let found = known.get(unit);
      if (!found) {
        found = systemd.getUnitSources(unit);
        known.set(unit, found);
        found.catch(() => known.delete(unit));
      }
      return found;
    },
  };
  const locate = (unit: string): Promise<UnitLocation> => locateUnit(sources, unit, env);
  const reload = (): Promise<unknown> => systemd.reload();
  return {
    async read(unit): Promise<ConfigState> {
      const { path } = await locate(unit);
      return { dropIn: path ? await readOrNull(path) : null };
    },
    origin: async (unit) => (await locate(unit)).origin,
    async switchImage(unit, fromImage, toImage) {
      const { origin, path, ownImage } = await locate(unit);
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
      const { path } = await locate(unit);
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
