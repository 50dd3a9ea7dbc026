// Handlebars templates for the Quadlet files (one bundled template, templates/unit.hbs,
// for every type; a user's --templates DIR may replace it per type). HTML escaping is
// off (unit files are not HTML) and the context holds only values a line can take as
// they are: setting values escaped by the unit-file codec, group names and keys from
// the catalog, unit names from a checked alphabet, and the config path, refused when
// it could end a line (unsafeSource). So a template lays lines out but never emits an
// unescaped value, and verifyRendered() checks that the file reads back to exactly
// the values. docs/templates.md says what a template may change.
import Handlebars from 'handlebars';
import type { UnitKind } from '../quadlet/types';
import { checkRawValue, parseUnitFile, type UnitFile } from '../unitfile';
import type { ConfigUnit, Setting } from '../config';

export type TemplateSet = Readonly<Record<UnitKind, string>>;

/** systemd's sections around the type's own group, in the order unit files usually have them. */
function groupOrder(own: string): string[] {
  return ['Unit', own, 'Service', 'Install', 'Quadlet'];
}

interface TemplateContext {
  readonly unit: { readonly name: string; readonly kind: UnitKind; readonly fileName: string };
  readonly source: string;
  readonly groups: readonly { readonly name: string; readonly lines: readonly { readonly key: string; readonly value: string }[] }[];
}

export function templateContext(unit: ConfigUnit, own: string, source: string): TemplateContext {
  const groups = groupOrder(own)
    .map((name) => ({ name, lines: unit.settings.filter((s) => s.group === name).map((s) => ({ key: s.key, value: s.text })) }))
    .filter((g) => g.lines.length > 0 || g.name === own);
  return { unit: { name: unit.name, kind: unit.kind, fileName: unit.fileName }, source, groups };
}

type CompiledTemplates = Readonly<Record<UnitKind, (ctx: TemplateContext) => string>>;

const compiledCache = new WeakMap<TemplateSet, CompiledTemplates>();

/** Compiles a template set once (a render of many units, or many renders, reuse it). */
export function compileTemplates(set: TemplateSet): CompiledTemplates {
  const cached = compiledCache.get(set);
  if (cached) return cached;
  const compiled = compileFresh(set);
  compiledCache.set(set, compiled);
  return compiled;
}

function compileFresh(set: TemplateSet): CompiledTemplates {
  const hb = Handlebars.create();
  const compile = (text: string): ((ctx: TemplateContext) => string) => hb.compile<TemplateContext>(text, { noEscape: true, strict: true });
  return Object.fromEntries(Object.entries(set).map(([k, v]) => [k, compile(v)])) as Record<UnitKind, (ctx: TemplateContext) => string>;
}

/**
 * Why the config path can not go into a template's context as it is (a line break,
 * NUL or final backslash would let `{{source}}` start or join a line), or undefined.
 */
export function unsafeSource(source: string): string | undefined {
  try {
    checkRawValue(source, 'the config path');
    return undefined;
  } catch (e) {
    return `${(e as Error).message}: templates would write it into the unit files`;
  }
}

/** Values per group and key as the file must hold them, in order. */
function expected(settings: readonly Setting[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of settings) {
    const k = `${s.group}\0${s.key}`;
    const values = out.get(k);
    if (values) values.push(s.text);
    else out.set(k, [s.text]);
  }
  return out;
}

/** Parses rendered text and checks that every configured value reads back unchanged; returns the unit or a message. */
export function verifyRendered(text: string, settings: readonly Setting[]): UnitFile | string {
  let parsed: UnitFile;
  try {
    parsed = parseUnitFile(text);
  } catch (e) {
    return `the template produced a file that does not parse: ${(e as Error).message}`;
  }
  for (const [k, values] of expected(settings)) {
    const [group, key] = k.split('\0');
    const got = parsed.rawValues(group, key);
    if (got.length !== values.length || got.some((v, i) => v !== values[i])) {
      return `the template does not reproduce [${group}] ${key}: expected ${JSON.stringify(values)}, got ${JSON.stringify(got)}`;
    }
  }
  return parsed;
}
