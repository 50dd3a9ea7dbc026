// How Compose merges a later file (or an extending service) onto an earlier
// one: mappings merge key by key, scalars are replaced, most sequences are
// appended without duplicates, and some are replaced (command, entrypoint,
// healthcheck.test) or merged by their target (volumes, devices, secrets,
// configs). `!reset` removes a value, `!override` replaces it whole.
import { isMap, isReset, type Json, type JsonMap, overridden } from './tree';

type Merger = (base: Json, over: Json) => Json;

const replace: Merger = (_base, over) => over;

function byKey(key: (item: Json) => string): Merger {
  return (base, over) => {
    if (!Array.isArray(base) || !Array.isArray(over)) return over;
    const out = new Map<string, Json>();
    for (const item of [...base, ...over]) out.set(key(item), item);
    return [...out.values()];
  };
}

const appendUnique: Merger = (base, over) => {
  if (!Array.isArray(base) || !Array.isArray(over)) return over;
  const seen = new Set(base.map((v) => JSON.stringify(v)));
  return [...base, ...over.filter((v) => !seen.has(JSON.stringify(v)))];
};

const field = (name: string) => (item: Json): string => (isMap(item) ? String(item[name] ?? item.source ?? JSON.stringify(item)) : String(item));
const deviceTarget = (item: Json): string => {
  const parts = String(item).split(':');
  return parts[1] ?? parts[0];
};

/** Paths (below a service) whose merge is not the generic one. */
const SPECIAL: Readonly<Record<string, Merger>> = {
  command: replace,
  entrypoint: replace,
  'healthcheck.test': replace,
  volumes: byKey(field('target')),
  devices: byKey(deviceTarget),
  secrets: byKey(field('target')),
  configs: byKey(field('target')),
  env_file: byKey(field('path')),
};

function mergeValue(base: Json | undefined, over: Json, path = ''): Json | undefined {
  if (isReset(over)) return undefined;
  const whole = overridden(over);
  if (whole !== undefined) return whole;
  if (base === undefined || base === null) return over;
  const special = SPECIAL[path];
  if (special) return special(base, over);
  if (isMap(base) && isMap(over)) {
    const out: JsonMap = { ...base };
    for (const [k, v] of Object.entries(over)) {
      const merged = mergeValue(base[k], v, path ? `${path}.${k}` : k);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    }
    return out;
  }
  if (Array.isArray(base) && Array.isArray(over)) return appendUnique(base, over);
  return over;
}

/** A service defined again (a later -f file, or extends:) merged onto its earlier definition. */
export function mergeService(base: JsonMap, over: JsonMap): JsonMap {
  const out: JsonMap = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const merged = mergeValue(base[k], v, k);
    if (merged === undefined) delete out[k];
    else out[k] = merged;
  }
  return out;
}

const SECTIONS = ['networks', 'volumes', 'secrets', 'configs'] as const;

/** Whole files: services merge as services, resources and top-level keys as mappings. */
export function mergeFiles(base: JsonMap, over: JsonMap): JsonMap {
  const out: JsonMap = { ...base, ...over };
  const services: JsonMap = { ...(isMap(base.services) ? base.services : {}) };
  for (const [name, svc] of Object.entries(isMap(over.services) ? over.services : {})) {
    const prev = services[name];
    if (isReset(svc)) delete services[name];
    else services[name] = isMap(prev) && isMap(svc) ? mergeService(prev, svc) : svc;
  }
  out.services = services;
  for (const s of SECTIONS) {
    if (base[s] === undefined || over[s] === undefined) continue;
    out[s] = mergeValue(base[s], over[s], `#${s}`) ?? null;
  }
  return out;
}
