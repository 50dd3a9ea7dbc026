// References between units by name: `Network = backend` becomes
// `backend.network` when the config has [network.backend], so Quadlet adds the
// dependency and uses the network's real name. Names that are no unit of the
// config (host, a podman volume, an image reference) pass through; an explicit
// `x.network` that the config does not define is an error.
import type { RefKind, UnitKind } from './catalog/types';
import { failed, ok, type Result } from '../result';

/** Unit names of the config, by type. */
export type UnitNames = Readonly<Record<UnitKind, ReadonlySet<string>>>;

/** The value to write, and whether it names a unit of the config. */
interface Reference {
  readonly text: string;
  readonly isRef: boolean;
}

type Resolved = Result<Reference>;

const ref = (text: string, isRef: boolean): Resolved => ok({ text, isRef });

function explicit(value: string, names: UnitNames, kinds: readonly UnitKind[]): Resolved | undefined {
  for (const kind of kinds) {
    const suffix = `.${kind}`;
    if (!value.endsWith(suffix)) continue;
    const base = value.slice(0, -suffix.length);
    if (names[kind].has(base)) return ref(value, true);
    return failed(`${value} names no unit of this config: add a [${kind}.${base}] section`);
  }
  return undefined;
}

function byName(base: string, names: UnitNames, kinds: readonly UnitKind[]): Result<string> | undefined {
  const hits = kinds.filter((k) => names[k].has(base));
  if (hits.length > 1) return failed(`${base} is ambiguous: the config has ${hits.map((k) => `[${k}.${base}]`).join(' and ')}; write ${hits.map((k) => `${base}.${k}`).join(' or ')}`);
  return hits.length === 1 ? ok(`${base}.${hits[0]}`) : undefined;
}

/** Resolves the part of `value` before the first `sep` (or all of it); the rest is kept. */
function resolveHead(value: string, sep: string, names: UnitNames, kinds: readonly UnitKind[]): Resolved {
  const at = value.indexOf(sep);
  const head = at < 0 ? value : value.slice(0, at);
  const tail = at < 0 ? '' : value.slice(at);
  const exp = explicit(head, names, kinds);
  if (exp) return exp.ok ? ref(head + tail, true) : exp;
  const found = byName(head, names, kinds);
  if (found === undefined) return ref(value, false);
  return found.ok ? ref(found.value + tail, true) : found;
}

function resolvePod(value: string, names: UnitNames): Resolved {
  const base = value.endsWith('.pod') ? value.slice(0, -4) : value;
  if (names.pod.has(base)) return ref(`${base}.pod`, true);
  return failed(`Pod = ${value}: the config has no [pod.${base}] (Quadlet can only join pods it manages)`);
}

/** `type=volume,source=data,…`: the source names a volume, image or artifact unit of the config. */
function resolveMount(value: string, names: UnitNames): Resolved {
  const fields = value.split(',');
  let problem: Resolved | undefined;
  const out = fields.map((f) => {
    const m = /^(source|src)=(.*)$/.exec(f);
    if (!m) return f;
    const r = resolveHead(m[2], '\0', names, ['volume', 'image', 'artifact']);
    if (!r.ok) problem = r;
    return `${m[1]}=${r.ok ? r.value.text : m[2]}`;
  });
  if (problem) return problem;
  const joined = out.join(',');
  return ref(joined, joined !== value);
}

const RESOLVERS: Readonly<Record<RefKind, (value: string, names: UnitNames) => Resolved>> = {
  network: (v, n) => resolveHead(v, ':', n, ['network', 'container']),
  volume: (v, n) => (v.startsWith('/') || v.startsWith('%') || v.startsWith('.') ? ref(v, false) : resolveHead(v, ':', n, ['volume'])),
  pod: resolvePod,
  image: (v, n) => resolveHead(v, '\0', n, ['image', 'build']),
  mount: resolveMount,
};

export function resolveReference(kind: RefKind, value: string, names: UnitNames): Resolved {
  return RESOLVERS[kind](value, names);
}
