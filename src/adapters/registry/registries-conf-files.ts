/**
 * Finding and reading registries.conf the way containers/image does:
 *
 *   main file:  $CONTAINERS_REGISTRIES_CONF, else ~/.config/containers/registries.conf
 *               if it exists, else /etc/containers/registries.conf
 *   drop-ins:   /etc/containers/registries.conf.d/*.conf, then
 *               ~/.config/containers/registries.conf.d/*.conf, each in
 *               alphanumeric order — except that when the per-user main file
 *               is used, the system drop-in directory is not read.
 *   aliases:    the short-name alias cache (~/.cache/containers/short-name-aliases.conf,
 *               /var/cache/containers/short-name-aliases.conf for root) has the
 *               lowest precedence.
 *
 * Later files override earlier ones (see mergeRegistriesConf).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mergeRegistriesConf, parseRegistriesConf, type RegistriesConf, type RegistriesConfFragment } from '../../registry/registries-conf';

export interface RegistriesConfEnv {
  CONTAINERS_REGISTRIES_CONF?: string;
  HOME?: string;
  XDG_CACHE_HOME?: string;
}

interface RegistriesConfFs {
  readText(path: string): Promise<string | undefined>;
  listDir(path: string): Promise<string[]>;
}

const nodeFs: RegistriesConfFs = {
  async readText(path) {
    try {
      return await readFile(path, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw new Error(`${path}: cannot read (${(err as Error).message})`);
    }
  },
  async listDir(path) {
    try {
      return await readdir(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return [];
      throw new Error(`${path}: cannot list (${(err as Error).message})`);
    }
  },
};

interface RegistriesConfLocation {
  /** Directory for the system files (default /etc/containers); tests point it elsewhere. */
  systemDir?: string;
  uid?: number;
  /** The short-name alias cache file (default by uid, as Podman). */
  aliasCache?: string;
}

async function dropIns(fs: RegistriesConfFs, dir: string): Promise<string[]> {
  return (await fs.listDir(dir))
    .filter((name) => name.endsWith('.conf'))
    .sort()
    .map((name) => join(dir, name));
}

/** The files that apply, in the order they are merged (missing ones are skipped when read). */
export async function registriesConfPaths(env: RegistriesConfEnv, fs: RegistriesConfFs = nodeFs, where: RegistriesConfLocation = {}): Promise<string[]> {
  const systemDir = where.systemDir ?? '/etc/containers';
  const home = env.HOME ?? '/root';
  const userMain = join(home, '.config', 'containers', 'registries.conf');
  const userDir = join(home, '.config', 'containers', 'registries.conf.d');
  const cache = where.aliasCache ?? ((where.uid ?? 0) === 0 ? '/var/cache/containers/short-name-aliases.conf' : join(env.XDG_CACHE_HOME || join(home, '.cache'), 'containers', 'short-name-aliases.conf'));
  if (!env.CONTAINERS_REGISTRIES_CONF && (await fs.readText(userMain)) !== undefined) {
    return [cache, userMain, ...(await dropIns(fs, userDir))];
  }
  const main = env.CONTAINERS_REGISTRIES_CONF || join(systemDir, 'registries.conf');
  return [cache, main, ...(await dropIns(fs, join(systemDir, 'registries.conf.d'))), ...(await dropIns(fs, userDir))];
}

/** Only the alias table is taken from the alias cache. */
function aliasesOnly(fragment: RegistriesConfFragment): RegistriesConfFragment {
  return { source: fragment.source, aliases: fragment.aliases };
}

/** Reads and merges every registries.conf file Podman would; errors name the file, line and key. */
export async function loadRegistriesConf(env: RegistriesConfEnv, fs: RegistriesConfFs = nodeFs, where: RegistriesConfLocation = {}): Promise<RegistriesConf> {
  const [cache, ...files] = await registriesConfPaths(env, fs, where);
  const fragments: RegistriesConfFragment[] = [];
  const cacheText = await fs.readText(cache);
  if (cacheText !== undefined) fragments.push(aliasesOnly(parseRegistriesConf(cacheText, cache)));
  for (const file of files) {
    const text = await fs.readText(file);
    if (text !== undefined) fragments.push(parseRegistriesConf(text, file));
  }
  return mergeRegistriesConf(fragments);
}
