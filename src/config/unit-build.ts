// One unit from its layers of entries ([defaults], [defaults.TYPE], its own
// section): inheritance, references, value checks, encoding, update labels.
import { formatPolicy, parsePolicy } from '../registry';
import { parseBoolean } from '../unitfile';
import { REQUIRED_KEYS, UNIT_KINDS, UNIT_TYPES } from './catalog/quadlet-keys';
import type { UnitKind } from './catalog/types';
import { PODMAN_AUTOUPDATE_KEY, UPDATE_KEYS } from './catalog/update-keys';
import { encodeValue, EncodeError } from './encode';
import type { RawValue } from './ini-lines';
import type { IssueList } from './issues';
import type { ConfigUnit, Entry, Origin, Setting, UpdateSettings } from './model';
import { resolveReference, type UnitNames } from './references';
import { unitService } from './service-name';
import { authFileError, hookError, probeError, settleError } from './update-values';
import { booleanError, CHECKS } from './values';

export interface UpdateEntry {
  readonly key: string;
  readonly value: RawValue;
  readonly origin: Origin;
}

export interface UnitDraft {
  readonly kind: UnitKind;
  readonly name: string;
  readonly section: string;
  readonly line: number;
  readonly entries: readonly Entry[];
  readonly update: readonly UpdateEntry[];
  /** Every key written for this unit, valid or not: a missing required key is only reported when it was not written at all. */
  readonly written: ReadonlySet<string>;
}

const isReset = (e: Entry): boolean => e.value.kind === 'text' && e.value.text === '';
const sameKey = (a: Entry, b: Entry): boolean => a.group === b.group && a.key === b.key;

/** systemd's list rule across layers: a list accumulates, an empty value resets it, a single value is replaced. */
function compose(entries: readonly Entry[]): Entry[] {
  let kept: Entry[] = [];
  for (const e of entries) {
    if (isReset(e) || e.spec.shape === 'one') kept = kept.filter((k) => !sameKey(k, e));
    if (!isReset(e)) kept.push(e);
  }
  return kept;
}

export function namesOf(drafts: readonly UnitDraft[]): UnitNames {
  const names = Object.fromEntries(UNIT_KINDS.map((k) => [k, new Set<string>()])) as Record<UnitKind, Set<string>>;
  for (const d of drafts) names[d.kind].add(d.name);
  return names;
}

function checkValue(e: Entry, text: string): string | undefined {
  if (e.spec.kind === 'bool') return booleanError(text);
  const check = e.spec.check;
  if (check === undefined) return undefined;
  const parts = e.spec.kind === 'tokens' || e.spec.kind === 'units' ? text.split(/\s+/).filter(Boolean) : [text];
  for (const p of parts) {
    const bad = CHECKS[check](p);
    if (bad) return bad;
  }
  return undefined;
}

interface Reporter {
  (origin: Origin, message: string): void;
}

/** Resolves, checks and encodes one entry; undefined (and an issue) when it is wrong. */
function settle(e: Entry, names: UnitNames, ownGroup: string, report: Reporter): Setting | undefined {
  let value = e.value;
  let isRef = false;
  if (e.spec.ref && value.kind === 'text') {
    const r = resolveReference(e.spec.ref, value.text, names);
    if (!r.ok) return void report(e.origin, r.error);
    value = { kind: 'text', text: r.value.text };
    isRef = r.value.isRef;
  }
  if (value.kind === 'text' && !isRef) {
    const bad = checkValue(e, value.text);
    if (bad) return void report(e.origin, bad);
  }
  const execLine = e.key.startsWith('Exec');
  try {
    const text = encodeValue(e.spec.kind, value, { dollar: e.group === ownGroup || execLine, exec: execLine && e.group === 'Service' });
    return { group: e.group, key: e.key, text, origin: e.origin };
  } catch (err) {
    if (err instanceof EncodeError) return void report(e.origin, err.message);
    throw err;
  }
}

const UPDATE_CHECKS: Readonly<Record<string, (v: string) => string | undefined>> = {
  policy: (v) => {
    if (v === 'none') return undefined;
    try {
      parsePolicy(v);
      return undefined;
    } catch (e) {
      return (e as Error).message.replace('digest, patch, minor, major', 'digest, patch, minor, major, none');
    }
  },
  probe: probeError,
  settle: settleError,
  timer: booleanError,
  authfile: authFileError,
  'pre-hook': hookError,
  'post-hook': hookError,
  'rollback-hook': hookError,
  'hook-timeout': settleError,
};

function normalise(key: string, value: string): string {
  if (key === 'policy' && value !== 'none') return formatPolicy(parsePolicy(value));
  if (key === 'timer') return String(parseBoolean(value));
  return value;
}

function updateSettings(entries: readonly UpdateEntry[], report: Reporter): { settings: UpdateSettings; origins: Map<string, Origin> } {
  const values = new Map<string, string>();
  const origins = new Map<string, Origin>();
  for (const e of entries) {
    if (e.value.kind !== 'text') {
      report(e.origin, 'a JSON array is only for command lines');
      continue;
    }
    const text = e.value.text;
    if (text === '') {
      values.delete(e.key);
      continue;
    }
    const bad = UPDATE_CHECKS[e.key](text);
    if (bad) report(e.origin, bad);
    else {
      values.set(e.key, normalise(e.key, text));
      origins.set(e.key, e.origin);
    }
  }
  return { settings: Object.fromEntries(values) as UpdateSettings, origins };
}

/**
 * Whether the unit's last `AutoUpdate =` is empty: the user's way to keep Podman's own
 * auto-update off a container quadctl updates (docs/update-policies.md).
 */
function podmanAutoUpdateCleared(entries: readonly Entry[]): boolean {
  const last = entries.filter((e) => e.group === 'Container' && e.key === PODMAN_AUTOUPDATE_KEY).pop();
  return last !== undefined && isReset(last);
}

/** The update keys as container labels (and Podman's AutoUpdate=registry), where the updater reads them. */
function updateLabels(update: UpdateSettings, origins: Map<string, Origin>, settings: readonly Setting[], report: Reporter, podmanOff: boolean): Setting[] {
  const out: Setting[] = [];
  for (const [key, value] of Object.entries(update) as [string, string][]) {
    const origin = origins.get(key);
    try {
      out.push({ group: 'Container', key: 'Label', text: encodeValue('word', { kind: 'text', text: `${UPDATE_KEYS[key].label}=${value}` }, { dollar: true }), origin });
    } catch (err) {
      if (!(err instanceof EncodeError) || !origin) throw err;
      report(origin, err.message);
    }
  }
  const follows = update.policy !== undefined && update.policy !== 'none';
  if (follows && !podmanOff && !settings.some((s) => s.group === 'Container' && s.key === PODMAN_AUTOUPDATE_KEY)) {
    out.push({ group: 'Container', key: PODMAN_AUTOUPDATE_KEY, text: 'registry', origin: origins.get('policy') });
  }
  return out;
}

function checkRequired(kind: UnitKind, settings: readonly Setting[], written: ReadonlySet<string>): string[] {
  const group = UNIT_TYPES[kind].group;
  const has = (k: string): boolean => written.has(k) || settings.some((s) => s.group === group && s.key === k);
  return (REQUIRED_KEYS[kind] ?? []).filter((alts) => !alts.some(has)).map((alts) => `a ${kind} needs ${alts.join(' or ')}`);
}

export function buildUnit(draft: UnitDraft, names: UnitNames, file: string, issues: IssueList): ConfigUnit | undefined {
  let ok = true;
  const report: Reporter = (origin, message) => {
    ok = false;
    issues.add({ file, line: origin.line, section: origin.section, key: origin.key, message });
  };
  const group = UNIT_TYPES[draft.kind].group;
  const settings = compose(draft.entries).map((e) => settle(e, names, group, report)).filter((s): s is Setting => s !== undefined);
  const { settings: update, origins } = updateSettings(draft.update, report);
  settings.push(...updateLabels(update, origins, settings, report, podmanAutoUpdateCleared(draft.entries)));
  for (const message of checkRequired(draft.kind, settings, draft.written)) {
    ok = false;
    issues.add({ file, line: draft.line, section: draft.section, message });
  }
  if (!ok) return undefined;
  return { kind: draft.kind, name: draft.name, fileName: `${draft.name}.${draft.kind}`, section: draft.section, line: draft.line, settings, update };
}

/** Podman object names that must be unique per type (explicit or Quadlet's systemd-NAME default). */
const OBJECT_NAME_KEYS: Readonly<Partial<Record<UnitKind, string>>> = { container: 'ContainerName', pod: 'PodName', network: 'NetworkName', volume: 'VolumeName' };

function objectName(u: ConfigUnit): string | undefined {
  const key = OBJECT_NAME_KEYS[u.kind];
  if (key === undefined) return undefined;
  return u.settings.find((s) => s.group === UNIT_TYPES[u.kind].group && s.key === key)?.text ?? `systemd-${u.name}`;
}

function reportCollisions(units: readonly ConfigUnit[], keyOf: (u: ConfigUnit) => string | undefined, what: string, file: string, issues: IssueList): void {
  const first = new Map<string, ConfigUnit>();
  for (const u of units) {
    const k = keyOf(u);
    if (k === undefined) continue;
    const other = first.get(k);
    if (other) issues.add({ file, line: u.line, section: u.section, message: `${what} ${k} is also used by [${other.section}] (line ${other.line})` });
    else first.set(k, u);
  }
}

/** Checks across units: generated service names and Podman object names must not collide. */
export function checkUnits(units: readonly ConfigUnit[], file: string, issues: IssueList): void {
  reportCollisions(units, unitService, 'service name', file, issues);
  for (const kind of UNIT_KINDS) {
    reportCollisions(units.filter((u) => u.kind === kind), objectName, `${kind} name`, file, issues);
  }
}
