/**
 * registries.conf (containers-registries.conf(5)) as data: parsing one file's
 * TOML text, merging the files in Podman's order (the adapter finds them), and
 * answering "where does Podman pull this reference from?".
 *
 * Merge rule, as containers/image applies it: a later file's value replaces an
 * earlier one field by field; `[[registry]]` tables replace earlier tables with
 * the same prefix; `[aliases]` are merged key by key.
 */
import { parse as parseToml, TomlError } from 'smol-toml';
import { type ImageReference, type ParsedReference, parseReference, qualifyUnder, repositoryName } from './reference';

export type ShortNameMode = 'enforcing' | 'permissive' | 'disabled';
type PullFromMirror = 'all' | 'digest-only' | 'tag-only';

interface MirrorEntry {
  location: string;
  insecure: boolean;
  pullFromMirror: PullFromMirror;
}

export interface RegistryEntry {
  /** What references are matched against: `example.com`, `example.com/ns`, `*.example.com`. */
  prefix: string;
  /** Where matching references are pulled from; empty keeps the reference's own host. */
  location: string;
  insecure: boolean;
  blocked: boolean;
  mirrorByDigestOnly: boolean;
  mirrors: MirrorEntry[];
  /** The file that defined this entry, for messages. */
  source: string;
}

/** One file's settings; undefined fields were not set there. */
export interface RegistriesConfFragment {
  source: string;
  unqualifiedSearchRegistries?: string[];
  shortNameMode?: ShortNameMode;
  aliases?: Record<string, string>;
  registries?: RegistryEntry[];
}

export interface RegistriesConf {
  unqualifiedSearchRegistries: string[];
  shortNameMode: ShortNameMode;
  aliases: Record<string, string>;
  /** Where each alias came from, for messages. */
  aliasSources: Record<string, string>;
  registries: RegistryEntry[];
  /** The files read, in order. */
  sources: string[];
}

export const EMPTY_REGISTRIES_CONF: RegistriesConf = {
  unqualifiedSearchRegistries: [],
  shortNameMode: 'enforcing',
  aliases: {},
  aliasSources: {},
  registries: [],
  sources: [],
};

export class RegistriesConfError extends Error {
  constructor(
    readonly file: string,
    readonly key: string,
    reason: string,
    readonly line?: number,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${key ? `${key}: ` : ''}${reason}`);
    this.name = 'RegistriesConfError';
  }
}

type Table = Record<string, unknown>;

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function readString(table: Table, key: string, file: string, path: string): string | undefined {
  const value = table[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new RegistriesConfError(file, `${path}${key}`, 'must be a string');
  return value;
}

function readBool(table: Table, key: string, file: string, path: string): boolean | undefined {
  const value = table[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new RegistriesConfError(file, `${path}${key}`, 'must be true or false');
  return value;
}

function readStrings(table: Table, key: string, file: string, path: string): string[] | undefined {
  const value = table[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new RegistriesConfError(file, `${path}${key}`, 'must be an array of strings');
  }
  return value as string[];
}

function readTables(table: Table, key: string, file: string): Table[] {
  const value = table[key];
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every(isTable)) throw new RegistriesConfError(file, key, 'must be an array of tables ([[…]])');
  return value as Table[];
}

const SHORT_NAME_MODES: readonly ShortNameMode[] = ['enforcing', 'permissive', 'disabled'];
const PULL_FROM_MIRROR: readonly PullFromMirror[] = ['all', 'digest-only', 'tag-only'];

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], file: string, key: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new RegistriesConfError(file, key, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, not ${JSON.stringify(value)}`);
  }
  return value as T;
}

function parseMirror(table: Table, file: string, path: string): MirrorEntry {
  const location = readString(table, 'location', file, path);
  if (!location) throw new RegistriesConfError(file, `${path}location`, 'is required for a mirror');
  return {
    location: stripScheme(location),
    insecure: readBool(table, 'insecure', file, path) ?? false,
    pullFromMirror: oneOf(readString(table, 'pull-from-mirror', file, path), PULL_FROM_MIRROR, file, `${path}pull-from-mirror`) ?? 'all',
  };
}

/** containers/image tolerates (and strips) an http(s):// scheme in locations. */
function stripScheme(location: string): string {
  return location.replace(/^https?:\/\//, '').replace(/\/+$/, '');
}

function parseRegistryTable(table: Table, index: number, file: string): RegistryEntry {
  const path = `registry[${index}].`;
  const location = stripScheme(readString(table, 'location', file, path) ?? '');
  const prefix = stripScheme(readString(table, 'prefix', file, path) ?? location);
  if (!prefix) throw new RegistriesConfError(file, `${path}location`, 'a [[registry]] needs a location or a prefix');
  if (prefix.startsWith('*.') && location) {
    throw new RegistriesConfError(file, `${path}location`, `must be empty when prefix is a wildcard (${prefix})`);
  }
  return {
    prefix,
    location,
    insecure: readBool(table, 'insecure', file, path) ?? false,
    blocked: readBool(table, 'blocked', file, path) ?? false,
    mirrorByDigestOnly: readBool(table, 'mirror-by-digest-only', file, path) ?? false,
    mirrors: readTables(table, 'mirror', file).length ? readTables(table, 'mirror', file).map((m, i) => parseMirror(m, file, `${path}mirror[${i}].`)) : [],
    source: file,
  };
}

/** The pre-2020 format: [registries.search] / [registries.insecure] / [registries.block]. */
function parseV1(v1: Table, file: string): RegistriesConfFragment {
  const list = (section: string): string[] => {
    const table = v1[section];
    if (table === undefined) return [];
    if (!isTable(table)) throw new RegistriesConfError(file, `registries.${section}`, 'must be a table');
    return readStrings(table, 'registries', file, `registries.${section}.`) ?? [];
  };
  const entries = new Map<string, RegistryEntry>();
  const entry = (host: string): RegistryEntry => {
    const existing = entries.get(host) ?? { prefix: host, location: host, insecure: false, blocked: false, mirrorByDigestOnly: false, mirrors: [], source: file };
    entries.set(host, existing);
    return existing;
  };
  for (const host of list('insecure')) entry(host).insecure = true;
  for (const host of list('block')) entry(host).blocked = true;
  const search = list('search');
  return { source: file, unqualifiedSearchRegistries: search.length ? search : undefined, registries: [...entries.values()] };
}

function parseAliases(table: Table, file: string): Record<string, string> | undefined {
  const value = table.aliases;
  if (value === undefined) return undefined;
  if (!isTable(value)) throw new RegistriesConfError(file, 'aliases', 'must be a table');
  const aliases: Record<string, string> = {};
  for (const [name, target] of Object.entries(value)) {
    if (typeof target !== 'string') throw new RegistriesConfError(file, `aliases.${name}`, 'must be a string');
    validateAlias(name, target, file);
    aliases[name] = target;
  }
  return aliases;
}

function validateAlias(name: string, target: string, file: string): void {
  const parsed = tryParse(target);
  if (!parsed || parsed.registry === undefined || parsed.digest !== undefined || parsed.tag !== undefined) {
    throw new RegistriesConfError(file, `aliases.${name}`, `must name a fully qualified image without tag or digest, not ${JSON.stringify(target)}`);
  }
}

function tryParse(text: string): ParsedReference | undefined {
  try {
    return parseReference(text);
  } catch {
    return undefined;
  }
}

/** Parses one registries.conf (or drop-in) file. Throws RegistriesConfError naming the file, line and key. */
export function parseRegistriesConf(text: string, file: string): RegistriesConfFragment {
  let doc: Table;
  try {
    doc = parseToml(text) as Table;
  } catch (err) {
    if (err instanceof TomlError) throw new RegistriesConfError(file, '', err.message.split('\n')[0], err.line);
    throw err;
  }
  if (isTable(doc.registries)) {
    const v2Keys = ['registry', 'unqualified-search-registries', 'short-name-mode', 'aliases'].filter((k) => doc[k] !== undefined);
    if (v2Keys.length) throw new RegistriesConfError(file, v2Keys[0], 'cannot be mixed with the old [registries.*] format in one file');
    return parseV1(doc.registries, file);
  }
  return {
    source: file,
    unqualifiedSearchRegistries: readStrings(doc, 'unqualified-search-registries', file, ''),
    shortNameMode: oneOf(readString(doc, 'short-name-mode', file, ''), SHORT_NAME_MODES, file, 'short-name-mode'),
    aliases: parseAliases(doc, file),
    registries: doc.registry === undefined ? undefined : readTables(doc, 'registry', file).map((t, i) => parseRegistryTable(t, i, file)),
  };
}

/** Merges fragments in the order Podman reads them: later files override earlier ones. */
export function mergeRegistriesConf(fragments: readonly RegistriesConfFragment[]): RegistriesConf {
  const merged: RegistriesConf = { ...EMPTY_REGISTRIES_CONF, aliases: {}, aliasSources: {}, registries: [], sources: [] };
  const byPrefix = new Map<string, RegistryEntry>();
  for (const fragment of fragments) {
    merged.sources.push(fragment.source);
    if (fragment.unqualifiedSearchRegistries) merged.unqualifiedSearchRegistries = fragment.unqualifiedSearchRegistries;
    if (fragment.shortNameMode) merged.shortNameMode = fragment.shortNameMode;
    for (const [name, target] of Object.entries(fragment.aliases ?? {})) {
      merged.aliases[name] = target;
      merged.aliasSources[name] = fragment.source;
    }
    for (const entry of fragment.registries ?? []) byPrefix.set(entry.prefix, entry);
  }
  merged.registries = [...byPrefix.values()];
  return merged;
}

/** Length of `prefix` when it matches `name` (registry/repository), else -1. */
function matchLength(name: string, prefix: string): number {
  if (prefix.startsWith('*.')) {
    const host = name.split('/')[0];
    return host.endsWith(prefix.slice(1)) ? host.length : -1;
  }
  if (name === prefix) return prefix.length;
  return name.startsWith(prefix) && name[prefix.length] === '/' ? prefix.length : -1;
}

/** The [[registry]] whose prefix matches longest, as containers/image picks it. */
function findRegistry(conf: RegistriesConf, ref: Pick<ImageReference, 'registry' | 'repository'>): { entry: RegistryEntry; matched: number } | undefined {
  const name = repositoryName(ref);
  let best: { entry: RegistryEntry; matched: number } | undefined;
  for (const entry of conf.registries) {
    const matched = matchLength(name, entry.prefix);
    if (matched > (best?.matched ?? -1)) best = { entry, matched };
  }
  return best;
}

/** A place to ask for an image: the (possibly rewritten) reference and how to reach it. */
export interface PullSource {
  reference: ImageReference;
  insecure: boolean;
  /** True for a mirror: an error there falls through to the next source. */
  mirror: boolean;
}

export class BlockedRegistryError extends Error {
  constructor(name: string, entry: RegistryEntry) {
    super(`${name} is blocked by registries.conf ([[registry]] prefix "${entry.prefix}" in ${entry.source})`);
    this.name = 'BlockedRegistryError';
  }
}

function rewrite(ref: ImageReference, matched: number, location: string): ImageReference {
  const rest = repositoryName(ref).slice(matched);
  const full = `${location}${rest}`;
  const slash = full.indexOf('/');
  return qualifyUnder(full.slice(0, slash), { repository: full.slice(slash + 1), tag: ref.tag, digest: ref.digest });
}

function mirrorApplies(mirror: MirrorEntry, entry: RegistryEntry, byDigest: boolean): boolean {
  if (entry.mirrorByDigestOnly && !byDigest) return false;
  if (mirror.pullFromMirror === 'digest-only') return byDigest;
  if (mirror.pullFromMirror === 'tag-only') return !byDigest;
  return true;
}

/**
 * Where Podman would pull `ref` from, in order: matching mirrors first, then
 * the (possibly rewritten) location. Throws BlockedRegistryError when blocked.
 */
export function pullSources(conf: RegistriesConf, ref: ImageReference): PullSource[] {
  const found = findRegistry(conf, ref);
  if (!found) return [{ reference: ref, insecure: false, mirror: false }];
  const { entry, matched } = found;
  if (entry.blocked) throw new BlockedRegistryError(repositoryName(ref), entry);
  const byDigest = ref.digest !== undefined && ref.tag === undefined;
  const mirrors = entry.mirrors
    .filter((m) => mirrorApplies(m, entry, byDigest))
    .map((m) => ({ reference: rewrite(ref, matched, m.location), insecure: m.insecure, mirror: true }));
  const primary = entry.location ? rewrite(ref, matched, entry.location) : ref;
  return [...mirrors, { reference: primary, insecure: entry.insecure, mirror: false }];
}
