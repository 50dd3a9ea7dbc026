// One file's services and resources brought to one shape before files are
// merged: list forms become maps, short syntax becomes long, relative paths
// become absolute against the file's own folder (a file included or extended
// from elsewhere keeps its paths right).
import { isAbsolute, resolve } from 'node:path';
import { isMap, isReset, type Json, type JsonMap, OVERRIDE, overridden } from './tree';

type Normalizer = (value: Json, dir: string) => Json;

/** `KEY=VALUE` / `KEY` list items (or a map) → a map; a bare KEY maps to null. */
function listToMap(value: Json, separator = '='): Json {
  if (!Array.isArray(value)) return value;
  const out: JsonMap = {};
  for (const item of value) {
    const text = String(item);
    const at = text.indexOf(separator);
    if (at < 0) out[text] = null;
    else out[text.slice(0, at)] = text.slice(at + 1);
  }
  return out;
}

const toList = (value: Json): Json => (typeof value === 'string' || typeof value === 'number' ? [value] : value);

/** A bind source: `./x`, `../x`, `~/x`, `/x` — anything else is a named volume. */
function isPathSource(source: string): boolean {
  return source.startsWith('.') || source.startsWith('/') || source.startsWith('~');
}

function hostPath(path: string, dir: string): string {
  if (path.startsWith('~')) return path;
  return isAbsolute(path) ? path : resolve(dir, path);
}

/** `[SOURCE:]TARGET[:MODE]` → the long syntax (Windows drive letters are not a Podman thing). */
function shortVolume(text: string, dir: string): JsonMap {
  const parts = text.split(':');
  if (parts.length === 1) return { type: 'volume', target: parts[0], short: true };
  const [source, target, mode = ''] = parts;
  const options = mode.split(',').filter(Boolean);
  const bind = isPathSource(source);
  const out: JsonMap = { type: bind ? 'bind' : 'volume', source: bind ? hostPath(source, dir) : source, target, short: true };
  if (options.length > 0) out.options = options;
  return out;
}

function volumes(value: Json, dir: string): Json {
  if (!Array.isArray(value)) return value;
  return value.map((v) => {
    if (typeof v === 'string') return shortVolume(v, dir);
    if (isMap(v) && v.type === 'bind' && typeof v.source === 'string') return { ...v, source: hostPath(v.source, dir) };
    return v;
  });
}

function envFiles(value: Json, dir: string): Json {
  const list = toList(value);
  if (!Array.isArray(list)) return value;
  return list.map((e) => {
    const entry: JsonMap = isMap(e) ? { ...e } : { path: String(e) };
    entry.path = hostPath(String(entry.path), dir);
    return entry;
  });
}

function build(value: Json, dir: string): Json {
  const b: JsonMap = isMap(value) ? { ...value } : { context: String(value) };
  const context = typeof b.context === 'string' ? b.context : '.';
  b.context = /^[a-z]+:\/\//i.test(context) || context.startsWith('git@') ? context : hostPath(context, dir);
  if (b.args !== undefined) b.args = listToMap(b.args);
  if (b.labels !== undefined) b.labels = listToMap(b.labels);
  return b;
}

function dependsOn(value: Json): Json {
  if (!Array.isArray(value)) return value;
  return Object.fromEntries(value.map((name) => [String(name), { condition: 'service_started', required: true }]));
}

function networks(value: Json): Json {
  return Array.isArray(value) ? Object.fromEntries(value.map((n) => [String(n), null])) : value;
}

function references(value: Json): Json {
  return Array.isArray(value) ? value.map((r) => (typeof r === 'string' ? { source: r } : r)) : value;
}

function extendsRef(value: Json, dir: string): Json {
  const e: JsonMap = isMap(value) ? { ...value } : { service: String(value) };
  if (typeof e.file === 'string') e.file = hostPath(e.file, dir);
  return e;
}

const SERVICE: Readonly<Record<string, Normalizer>> = {
  environment: (v) => listToMap(v),
  labels: (v) => listToMap(v),
  annotations: (v) => listToMap(v),
  sysctls: (v) => listToMap(v),
  volumes,
  env_file: envFiles,
  build,
  depends_on: dependsOn,
  networks,
  secrets: references,
  configs: references,
  extends: extendsRef,
  dns: toList,
  dns_search: toList,
  dns_opt: toList,
  tmpfs: toList,
  extra_hosts: (v) => (isMap(v) ? Object.entries(v).flatMap(([h, ip]) => (Array.isArray(ip) ? ip : [ip]).map((a) => `${h}:${String(a)}`)) : v),
};

function normalizeValue(key: string, value: Json, dir: string): Json {
  const normalize = SERVICE[key];
  if (!normalize || value === null || isReset(value)) return value;
  const inner = overridden(value);
  return inner === undefined ? normalize(value, dir) : { [OVERRIDE]: normalize(inner, dir) };
}

function normalizeService(service: JsonMap, dir: string): JsonMap {
  return Object.fromEntries(Object.entries(service).map(([k, v]) => [k, normalizeValue(k, v, dir)]));
}

function fileBacked(section: Json, dir: string): Json {
  if (!isMap(section)) return section;
  const out: JsonMap = {};
  for (const [name, def] of Object.entries(section)) out[name] = isMap(def) && typeof def.file === 'string' ? { ...def, file: hostPath(def.file, dir) } : def;
  return out;
}

/** The whole file: services, and the file paths of secrets and configs. */
export function normalizeFile(doc: JsonMap, dir: string): JsonMap {
  const out: JsonMap = { ...doc };
  if (isMap(doc.services)) out.services = Object.fromEntries(Object.entries(doc.services).map(([n, s]) => [n, isMap(s) ? normalizeService(s, dir) : s]));
  if (doc.secrets !== undefined) out.secrets = fileBacked(doc.secrets, dir);
  if (doc.configs !== undefined) out.configs = fileBacked(doc.configs, dir);
  return out;
}
