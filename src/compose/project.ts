// Reads a compose project the way `docker compose` does, through a reader the
// caller supplies (the core does no I/O): the env file, every -f file
// interpolated, checked against the schema and merged in order, `include:`d
// projects, `extends:`, and the active profiles.
import { basename, dirname, relative, resolve } from 'node:path';
import { parseComposeEnv } from './env-file';
import { type Env, interpolateString, interpolateTree, InterpolationError } from './interpolate';
import { mergeFiles, mergeService } from './merge';
import { normalizeFile } from './normalize';
import { validateCompose } from './schema';
import { isMap, type Json, type JsonMap, type Path, pathText, Positions } from './tree';
import { loadYaml } from './yaml-load';

export interface ComposeReader {
  /** A file's text, or undefined when there is no such file. */
  read(path: string): string | undefined;
}

export interface ProjectOptions {
  /** Absolute paths of the -f files, in order. */
  readonly files: readonly string[];
  /** --env-file paths (absolute); none: `.env` in the project folder if there is one. */
  readonly envFiles?: readonly string[];
  readonly projectName?: string;
  readonly profiles?: readonly string[];
  /** The process environment: wins over env files, as in Compose. */
  readonly env: Env;
  /** How file names appear in messages (default: as given, absolute). */
  readonly display?: (path: string) => string;
}

export interface Project {
  readonly name: string;
  readonly dir: string;
  readonly services: Readonly<Record<string, JsonMap>>;
  readonly doc: JsonMap;
  readonly positions: Positions;
  /** Variables used while unset (they became ''), with the first path using each. */
  readonly unset: ReadonlyMap<string, string>;
  /** Services left out because none of their profiles is active. */
  readonly inactive: readonly string[];
}

/** A problem in the input, with where it is. */
export class ComposeError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

interface Context {
  readonly reader: ComposeReader;
  readonly display: (path: string) => string;
  readonly positions: Positions;
  readonly unset: Map<string, string>;
}

function readText(ctx: Context, path: string, what: string): string {
  const text = ctx.reader.read(path);
  if (text === undefined) throw new ComposeError([`${ctx.display(path)}: cannot read ${what}`]);
  return text;
}

/** Compose env files (env-file.ts): values may use the variables before them. */
function readEnvFiles(ctx: { reader: ComposeReader }, paths: readonly string[], base: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const path of paths) {
    const text = ctx.reader.read(path);
    if (text === undefined) throw new ComposeError([`${path}: cannot read env file`]);
    const { lines, problems } = parseComposeEnv(text);
    if (problems.length > 0) throw new ComposeError(problems.map((e) => `${path}:${e.line}: ${e.message}`));
    for (const { name, value, literal } of lines) {
      try {
        out[name] = literal ? value : interpolateString(value, { ...out, ...base }, new Set());
      } catch (e) {
        throw new ComposeError([`${path}: ${name}: ${(e as Error).message}`]);
      }
    }
  }
  return out;
}

function where(ctx: Context, path: Path): string {
  const p = ctx.positions.get(path);
  return p ? `${ctx.display(p.file)}:${p.line}` : '';
}

/** One file: YAML, interpolation, schema, relative paths; `include:` merged in. */
function loadFile(ctx: Context, file: string, env: Env, seen: readonly string[]): JsonMap {
  if (seen.includes(file)) throw new ComposeError([`${file}: included from itself (${[...seen, file].join(' → ')})`]);
  const raw = loadYaml(readText(ctx, file, 'compose file'), file, ctx.positions, ctx.display(file));
  let doc: Json;
  try {
    doc = interpolateTree(raw, env, [], ctx.unset);
  } catch (e) {
    if (e instanceof InterpolationError) throw new ComposeError([`${where(ctx, e.path)}: ${pathText(e.path)}: ${e.message}`]);
    throw e;
  }
  const problems = validateCompose(doc);
  if (problems.length > 0) throw new ComposeError(problems.map((p) => `${where(ctx, p.path.split('.'))}: ${p.path || '(top level)'}: ${p.message}`));
  const normalized = normalizeFile(doc as JsonMap, dirname(file));
  return withIncludes(ctx, normalized, file, env, [...seen, file]);
}

interface IncludeEntry {
  readonly paths: string[];
  readonly dir: string;
  readonly envFiles?: string[];
}

function includeEntry(item: Json, dir: string): IncludeEntry {
  if (!isMap(item)) {
    const path = resolve(dir, String(item));
    return { paths: [path], dir: dirname(path) };
  }
  const list = (v: Json | undefined): string[] | undefined => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).map((p) => resolve(dir, String(p))));
  const paths = list(item.path) ?? [];
  const projectDir = typeof item.project_directory === 'string' ? resolve(dir, item.project_directory) : dirname(paths[0] ?? dir);
  return { paths, dir: projectDir, envFiles: list(item.env_file) };
}

/** `include:` loads each entry as its own project (own folder, own .env) and adds its resources; redefining one is an error. */
function withIncludes(ctx: Context, doc: JsonMap, file: string, env: Env, seen: readonly string[]): JsonMap {
  if (!Array.isArray(doc.include)) return doc;
  let out: JsonMap = { ...doc };
  delete out.include;
  for (const item of doc.include) {
    const entry = includeEntry(item, dirname(file));
    const defaultEnv = resolve(entry.dir, '.env');
    const envFiles = entry.envFiles ?? (ctx.reader.read(defaultEnv) !== undefined ? [defaultEnv] : []);
    const included = { ...readEnvFiles(ctx, envFiles, {}), ...env };
    const docs = entry.paths.map((p) => loadFile(ctx, p, included, seen));
    const merged = docs.reduce((a, b) => mergeFiles(a, b), {});
    for (const section of ['services', 'networks', 'volumes', 'secrets', 'configs']) {
      const mine = isMap(out[section]) ? (out[section] as JsonMap) : {};
      for (const name of Object.keys(isMap(merged[section]) ? (merged[section] as JsonMap) : {})) {
        if (name in mine) throw new ComposeError([`${where(ctx, [section, name])}: ${section}.${name} is defined both here and in the included ${entry.paths.join(', ')}`]);
      }
      if (isMap(merged[section])) out = { ...out, [section]: { ...mine, ...(merged[section] as JsonMap) } };
    }
  }
  return out;
}

/** `extends:` resolved (a service of this project, or of another file), base first, recursively. */
function resolveExtends(ctx: Context, services: JsonMap, name: string, env: Env, chain: readonly string[]): JsonMap {
  const svc = services[name];
  if (!isMap(svc)) throw new ComposeError([`${where(ctx, ['services', name])}: services.${name} is not defined`]);
  if (!isMap(svc.extends)) return svc;
  const ref = svc.extends;
  const baseName = String(ref.service);
  const key = `${typeof ref.file === 'string' ? ref.file : ''}#${baseName}`;
  if (chain.includes(key)) throw new ComposeError([`${where(ctx, ['services', name, 'extends'])}: services.${name}.extends: circular (${[...chain, key].join(' → ')})`]);
  let base: JsonMap;
  if (typeof ref.file === 'string') {
    const other = loadFile(ctx, ref.file, env, []);
    const otherServices = isMap(other.services) ? other.services : {};
    if (!isMap(otherServices[baseName])) throw new ComposeError([`${where(ctx, ['services', name, 'extends'])}: services.${name}.extends: ${ref.file} has no service ${baseName}`]);
    base = resolveExtends(ctx, otherServices, baseName, env, [...chain, key]);
  } else {
    if (!isMap(services[baseName])) throw new ComposeError([`${where(ctx, ['services', name, 'extends'])}: services.${name}.extends: there is no service ${baseName}`]);
    base = resolveExtends(ctx, services, baseName, env, [...chain, key]);
    ctx.positions.copy(['services', baseName], ['services', name]);
  }
  const own: JsonMap = { ...svc };
  delete own.extends;
  return mergeService(base, own);
}

/** env_file: a missing required file is an error (as in Compose); a missing optional one is left out. */
function withEnvFiles(ctx: Context, name: string, svc: JsonMap): JsonMap {
  if (!Array.isArray(svc.env_file)) return svc;
  const kept = svc.env_file.filter((e) => {
    if (!isMap(e)) return true;
    if (ctx.reader.read(String(e.path)) !== undefined) return true;
    if (e.required === false || e.required === 'false') return false;
    throw new ComposeError([`${where(ctx, ['services', name, 'env_file'])}: services.${name}.env_file: ${String(e.path)} does not exist (mark it required: false if it is optional)`]);
  });
  return { ...svc, env_file: kept };
}

/** `environment: [NAME]` (no value) takes the importing shell's NAME, as Compose does; unset, it stays unset. */
function withShellValues(svc: JsonMap, env: Env): JsonMap {
  if (!isMap(svc.environment)) return svc;
  const environment = Object.fromEntries(Object.entries(svc.environment).map(([k, v]) => [k, v === null ? (env[k] ?? null) : v]));
  return { ...svc, environment };
}

function projectName(options: ProjectOptions, doc: JsonMap, dir: string, env: Env): string {
  const raw = options.projectName ?? env.COMPOSE_PROJECT_NAME ?? (typeof doc.name === 'string' ? doc.name : basename(dir));
  // Compose's rule: lower case letters, digits, dashes and underscores, starting with a letter or digit.
  const name = raw.toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[_-]+/, '');
  if (!name) throw new ComposeError([`project name ${JSON.stringify(raw)} has no letter or digit: give one with --project-name`]);
  return name;
}

function activeProfiles(options: ProjectOptions, env: Env): Set<string> {
  if (options.profiles && options.profiles.length > 0) return new Set(options.profiles);
  return new Set((env.COMPOSE_PROFILES ?? '').split(',').map((p) => p.trim()).filter(Boolean));
}

export function loadProject(reader: ComposeReader, options: ProjectOptions): Project {
  if (options.files.length === 0) throw new ComposeError(['no compose file given']);
  const dir = dirname(options.files[0]);
  const ctx: Context = { reader, display: options.display ?? ((p) => p), positions: new Positions(), unset: new Map() };
  const defaultEnv = resolve(dir, '.env');
  const envFiles = options.envFiles && options.envFiles.length > 0 ? options.envFiles : reader.read(defaultEnv) !== undefined ? [defaultEnv] : [];
  const env: Env = { ...readEnvFiles(ctx, envFiles, options.env), ...options.env };
  const doc = options.files.map((f) => loadFile(ctx, f, env, [])).reduce((a, b) => mergeFiles(a, b), {});
  const all = isMap(doc.services) ? doc.services : {};
  const resolved: Record<string, JsonMap> = {};
  for (const name of Object.keys(all)) resolved[name] = resolveExtends(ctx, all, name, env, []);
  for (const [name, svc] of Object.entries(resolved)) resolved[name] = withShellValues(withEnvFiles(ctx, name, svc), env);
  const profiles = activeProfiles(options, env);
  const enabled = (s: JsonMap): boolean => !Array.isArray(s.profiles) || s.profiles.length === 0 || s.profiles.some((p) => profiles.has(String(p)) || profiles.has('*'));
  const services = Object.fromEntries(Object.entries(resolved).filter(([, s]) => enabled(s)));
  const inactive = Object.keys(resolved).filter((n) => !(n in services));
  return { name: projectName(options, doc, dir, env), dir, services, doc, positions: ctx.positions, unset: ctx.unset, inactive };
}

/** `services.web (compose.yaml:12)`: a path and where it was written, relative to the project folder. */
export function describeSource(project: Project, path: string): string {
  const at = project.positions.get(path.split('.'));
  return at ? `${path} (${relative(project.dir, at.file) || at.file}:${at.line})` : path;
}
