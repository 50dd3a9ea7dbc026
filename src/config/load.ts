// The config file → validated units. Everything is checked before anything is
// rendered, and every problem is reported with file, line and key.
import { UNIT_TYPES } from './catalog/quadlet-keys';
import type { KeySpec, UnitKind } from './catalog/types';
import { type IniEntry, type IniSection, type RawValue, scanIni } from './ini-lines';
import { interpolate, type EnvMap } from './interpolate';
import { type ConfigIssue, IssueList } from './issues';
import { classifyKey, type KeyTarget } from './keys';
import type { Config, ConfigUnit, Entry, Origin } from './model';
import { announceOf, isAnnounceSection } from './notify-sections';
import { classifySection, type SectionTarget } from './sections';
import { buildUnit, checkUnits, namesOf, type UnitDraft } from './unit-build';
import { ok, type Result } from '../result';

interface LoadOptions {
  /** Shown in messages and written into generated files' headers. */
  readonly file: string;
  /** Variables for ${VAR}: the environment merged over the env file, by the caller. */
  readonly env: EnvMap;
  /** A config with no unit is valid (`apply --prune` with it removes everything quadctl installed). */
  readonly allowEmpty?: boolean;
}

interface ParsedEntry {
  readonly target: KeyTarget;
  readonly value: RawValue;
  readonly origin: Origin;
}

interface ParsedSection {
  readonly target: SectionTarget;
  readonly section: IniSection;
  readonly entries: readonly ParsedEntry[];
}

function interpolateValue(value: RawValue, env: EnvMap): Result<RawValue> {
  if (value.kind === 'text') {
    const r = interpolate(value.text, env);
    return r.ok ? ok({ kind: 'text', text: r.value }) : r;
  }
  const items: string[] = [];
  for (const item of value.items) {
    const r = interpolate(item, env);
    if (!r.ok) return r;
    items.push(r.value);
  }
  return ok({ kind: 'array', items });
}

function singleValued(target: KeyTarget): boolean {
  if (target.type === 'update') return true;
  if (target.type === 'systemd') return target.spec.shape === 'one';
  return target.kinds.every((k) => UNIT_TYPES[k].keys[target.key].shape === 'one');
}

function parseEntries(section: IniSection, target: SectionTarget, options: LoadOptions, issues: IssueList): ParsedEntry[] {
  const out: ParsedEntry[] = [];
  const seen = new Map<string, number>();
  const issue = (e: IniEntry, message: string): void => issues.add({ file: options.file, line: e.line, section: section.name, key: e.key, message });
  for (const e of section.entries) {
    const classified = classifyKey(e.key, target);
    if (!classified.ok) {
      issue(e, classified.error);
      continue;
    }
    const key = classified.value;
    const interpolated = interpolateValue(e.value, options.env);
    if (!interpolated.ok) {
      issue(e, interpolated.error);
      continue;
    }
    const value = interpolated.value;
    const first = seen.get(e.key);
    if (first !== undefined && singleValued(key)) issue(e, `${e.key} takes one value and is already set on line ${first}`);
    else seen.set(e.key, e.line);
    out.push({ target: key, value, origin: { line: e.line, section: section.name, key: e.key } });
  }
  return out;
}

function parseSections(sections: readonly IniSection[], options: LoadOptions, issues: IssueList): ParsedSection[] {
  const firstLine = new Map<string, number>();
  const out: ParsedSection[] = [];
  for (const section of sections) {
    const classified = classifySection(section.name);
    if (!classified.ok) {
      issues.add({ file: options.file, line: section.line, section: section.name, message: classified.error });
      continue;
    }
    const target = classified.value;
    const earlier = firstLine.get(section.name);
    if (earlier !== undefined) {
      issues.add({ file: options.file, line: section.line, section: section.name, message: `section [${section.name}] is already defined on line ${earlier}` });
      continue;
    }
    firstLine.set(section.name, section.line);
    out.push({ target, section, entries: parseEntries(section, target, options, issues) });
  }
  return out;
}

/** The entries a unit of `kind` takes from one section, each with its spec for that kind. */
function entriesFor(kind: UnitKind, parsed: ParsedSection): { entries: Entry[]; update: ParsedEntry[] } {
  const entries: Entry[] = [];
  const update: ParsedEntry[] = [];
  const group = UNIT_TYPES[kind].group;
  for (const p of parsed.entries) {
    const t = p.target;
    if (t.type === 'update') {
      if (kind === 'container') update.push(p);
      continue;
    }
    if (t.type === 'systemd') {
      entries.push({ group: t.group, key: t.key, spec: t.spec, value: p.value, origin: p.origin });
      continue;
    }
    const spec: KeySpec | undefined = UNIT_TYPES[kind].keys[t.key];
    if (spec) entries.push({ group, key: t.key, spec, value: p.value, origin: p.origin });
  }
  return { entries, update };
}

function applies(s: ParsedSection, kind: UnitKind): boolean {
  return s.target.scope === 'defaults' || (s.target.scope === 'type-defaults' && s.target.kind === kind);
}

function drafts(parsed: readonly ParsedSection[]): UnitDraft[] {
  const out: UnitDraft[] = [];
  for (const unit of parsed) {
    if (unit.target.scope !== 'unit') continue;
    const { kind, name } = unit.target;
    const layers = [...parsed.filter((s) => s.target.scope === 'defaults'), ...parsed.filter((s) => s.target.scope === 'type-defaults' && applies(s, kind)), unit];
    const pieces = layers.map((l) => entriesFor(kind, l));
    out.push({
      kind,
      name,
      section: unit.section.name,
      line: unit.section.line,
      entries: pieces.flatMap((p) => p.entries),
      update: pieces.flatMap((p) => p.update).map((p) => ({ key: p.target.type === 'update' ? p.target.key : '', value: p.value, origin: p.origin })),
      written: new Set(layers.flatMap((l) => l.section.entries.map((e) => e.key))),
    });
  }
  return out;
}

export interface LoadResult {
  readonly config?: Config;
  readonly issues: readonly ConfigIssue[];
}

export function loadConfig(text: string, options: LoadOptions): LoadResult {
  const issues = new IssueList();
  const all = scanIni(text, options.file, issues);
  const sections = all.filter((s) => !isAnnounceSection(s.name));
  const announce = announceOf(all.filter((s) => isAnnounceSection(s.name)), options.file, options.env, issues);
  const parsed = parseSections(sections, options, issues);
  const unitDrafts = drafts(parsed);
  const units: ConfigUnit[] = [];
  const names = namesOf(unitDrafts);
  for (const draft of unitDrafts) {
    const unit = buildUnit(draft, names, options.file, issues);
    if (unit) units.push(unit);
  }
  checkUnits(units, options.file, issues);
  if (unitDrafts.length === 0 && issues.empty && !options.allowEmpty) {
    issues.add({ file: options.file, line: 1, message: 'the config defines no unit: add a [container.NAME] (or pod, network, volume, image, build, kube) section; to remove every unit quadctl installed from it, run quadctl apply --prune' });
  }
  const found = dedupe(issues.all);
  return found.length > 0 ? { issues: found } : { config: { file: options.file, units, announce }, issues: [] };
}

/** A [defaults] value that is wrong for every unit inheriting it is reported once. */
function dedupe(issues: readonly ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.line}\0${i.key ?? ''}\0${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
