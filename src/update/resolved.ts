/**
 * The updater's state: what it resolved for each unit within the policy the
 * config asked for — like a lockfile beside a manifest. The config says what
 * the user asked for (image, policy); this says which image the updater chose,
 * whether the unit is held, and which digests failed their health gate.
 * `generate`/`apply` render both together: the resolved image replaces the
 * config's as long as the config still asks for what it was resolved from
 * (same Image, same policy); a config change of either supersedes it.
 * Pure: text in, state out, and small functions that return a new state.
 */
import { formatPolicy, parsePolicy } from '../registry/policy';
import { sameUnit, unitKey } from './history';
import { failed, ok, type Result } from '../result';
import { byCodePoint } from '../text-order';

const STATE_VERSION = 1;
export const STATE_FILE = 'resolved.json';

/** What the config (or the unit, for units quadctl did not generate) asked for. */
export interface Requested {
  image: string;
  policy: string;
}

/** The image the updater (or a rollback by hand) settled the unit on. */
export interface Resolution {
  image: string;
  digest: string;
  /** The history entry that did it. */
  entry: string;
  at: number;
}

export interface Hold {
  since: number;
  reason: string;
}

/** A digest that failed its health gate on this unit. */
export interface KnownBad {
  digest: string;
  image: string;
  reason: string;
  entry: string;
  at: number;
}

export interface UnitState {
  requested?: Requested;
  resolved?: Resolution;
  hold?: Hold;
  knownBad: KnownBad[];
}

export interface UpdaterState {
  v: number;
  units: Record<string, UnitState>;
}

export const EMPTY_STATE: UpdaterState = { v: STATE_VERSION, units: {} };

class StateFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateFileError';
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unitFrom(raw: unknown, where: string): UnitState {
  if (!isObject(raw)) throw new StateFileError(`${where} is not an object`);
  const knownBad = Array.isArray(raw.knownBad) ? (raw.knownBad as KnownBad[]).filter((k) => isObject(k) && typeof k.digest === 'string') : [];
  return {
    ...(isObject(raw.requested) && typeof raw.requested.image === 'string' ? { requested: raw.requested as unknown as Requested } : {}),
    ...(isObject(raw.resolved) && typeof raw.resolved.image === 'string' ? { resolved: raw.resolved as unknown as Resolution } : {}),
    ...(isObject(raw.hold) && typeof raw.hold.since === 'number' ? { hold: raw.hold as unknown as Hold } : {}),
    knownBad,
  };
}

/** Reads the state file's text; throws StateFileError naming the file when it is not one. */
export function parseState(text: string, path: string): UpdaterState {
  if (text.trim() === '') return { v: STATE_VERSION, units: {} };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new StateFileError(`${path}: not JSON (${(err as Error).message}); move it away to start afresh`);
  }
  if (!isObject(raw) || !isObject(raw.units)) throw new StateFileError(`${path}: no "units" object; move it away to start afresh`);
  if (raw.v !== STATE_VERSION) throw new StateFileError(`${path}: version ${JSON.stringify(raw.v)}, this quadctl reads ${STATE_VERSION}`);
  const units: Record<string, UnitState> = {};
  for (const [unit, value] of Object.entries(raw.units)) units[unitKey(unit)] = unitFrom(value, `${path}: units.${unit}`);
  return { v: STATE_VERSION, units };
}

export function serializeState(state: UpdaterState): string {
  const units = Object.fromEntries(Object.entries(state.units).filter(([, u]) => u.requested || u.resolved || u.hold || u.knownBad.length > 0).sort(([a], [b]) => byCodePoint(a, b)));
  return `${JSON.stringify({ v: STATE_VERSION, units }, null, 2)}\n`;
}

export function unitState(state: UpdaterState, unit: string): UnitState {
  return state.units[unitKey(unit)] ?? { knownBad: [] };
}

function withUnit(state: UpdaterState, unit: string, change: (u: UnitState) => UnitState): UpdaterState {
  return { v: STATE_VERSION, units: { ...state.units, [unitKey(unit)]: change(unitState(state, unit)) } };
}

/** Policies compare by meaning: `Patch` and `patch`, `~1.4` and `~1.4.0` alike. */
function samePolicy(a: string, b: string): boolean {
  const norm = (p: string): string => {
    try {
      return formatPolicy(parsePolicy(p));
    } catch {
      return p.trim().toLowerCase();
    }
  };
  return norm(a) === norm(b);
}

function sameRequest(a: Requested, b: Requested): boolean {
  return a.image === b.image && samePolicy(a.policy, b.policy);
}

/**
 * The image to render for a unit whose config asks for `requested`: the
 * resolved one while the config still asks for what it was resolved from,
 * otherwise the config's own. `superseded` says a resolution was dropped.
 */
export function imageFor(state: UpdaterState, unit: string, requested: Requested): { image: string; resolved: boolean; superseded: boolean } {
  const u = unitState(state, unit);
  if (!u.resolved || !u.requested || u.resolved.image === requested.image) return { image: requested.image, resolved: false, superseded: false };
  if (!sameRequest(u.requested, requested)) return { image: requested.image, resolved: false, superseded: true };
  return { image: u.resolved.image, resolved: u.resolved.image !== requested.image, superseded: false };
}

/** Drops resolutions the config no longer asks for (holds and known-bad digests stay). */
export function supersede(state: UpdaterState, requests: ReadonlyMap<string, Requested>): UpdaterState {
  let next = state;
  for (const [unit, requested] of requests) {
    if (imageFor(next, unit, requested).superseded) next = withUnit(next, unit, ({ requested: _r, resolved: _s, ...rest }) => rest);
  }
  return next;
}

/** Forgets everything about units that left the config (apply --prune). */
export function dropUnits(state: UpdaterState, units: readonly string[]): UpdaterState {
  const gone = new Set(units.map(unitKey));
  return { v: STATE_VERSION, units: Object.fromEntries(Object.entries(state.units).filter(([u]) => !gone.has(u))) };
}

/**
 * Records what the unit now runs. `asked` is what the unit ran before, used as
 * the request when nothing was recorded yet: the config (or the unit file) named it.
 */
export function recordResolution(state: UpdaterState, unit: string, asked: Requested, resolution: Resolution): UpdaterState {
  return withUnit(state, unit, (u) => ({ ...u, requested: u.requested ?? asked, resolved: resolution }));
}

export function setHold(state: UpdaterState, unit: string, hold: Hold): UpdaterState {
  return withUnit(state, unit, (u) => ({ ...u, hold }));
}

export function releaseHold(state: UpdaterState, unit: string): { state: UpdaterState; released: Hold | null } {
  const u = unitState(state, unit);
  if (!u.hold) return { state, released: null };
  return { state: withUnit(state, unit, ({ hold: _h, ...rest }) => rest), released: u.hold };
}

export function markBad(state: UpdaterState, unit: string, bad: KnownBad): UpdaterState {
  return withUnit(state, unit, (u) => ({ ...u, knownBad: [...u.knownBad.filter((k) => k.digest !== bad.digest), bad] }));
}

/** Clears one known-bad digest (a unique prefix is enough) or, with none given, all of the unit's. */
export function forgetBad(state: UpdaterState, unit: string, digest?: string): Result<{ state: UpdaterState; forgotten: KnownBad[] }> {
  const u = unitState(state, unit);
  if (u.knownBad.length === 0) return failed(`${unitKey(unit)} has no known-bad image`);
  const bare = (d: string): string => d.replace(/^sha256:/, '');
  const matches = digest === undefined ? u.knownBad : u.knownBad.filter((k) => bare(k.digest).startsWith(bare(digest)));
  if (matches.length === 0) return failed(`${unitKey(unit)} has no known-bad image ${digest}; known: ${u.knownBad.map((k) => k.digest).join(', ')}`);
  if (digest !== undefined && matches.length > 1) return failed(`${digest} matches ${matches.length} known-bad digests of ${unitKey(unit)}; give more of it`);
  const gone = new Set(matches.map((k) => k.digest));
  return ok({ state: withUnit(state, unit, (s) => ({ ...s, knownBad: s.knownBad.filter((k) => !gone.has(k.digest)) })), forgotten: matches });
}

export function knownBadOf(state: UpdaterState, unit: string, digest: string): KnownBad | undefined {
  return unitState(state, unit).knownBad.find((k) => k.digest === digest);
}

export function isHeld(state: UpdaterState, unit: string): Hold | undefined {
  return Object.entries(state.units).find(([u]) => sameUnit(u, unit))?.[1].hold;
}
