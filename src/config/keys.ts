// Which key a config line sets, for the section it is in — or why it is wrong
// there (unknown key with a suggestion, a key of another unit type, a systemd
// key without its section prefix).
import { QUADLET_GROUP_KEYS, UNIT_KINDS, UNIT_TYPES } from './catalog/quadlet-keys';
import { RESERVED_SYSTEMD_KEYS, SYSTEMD_SECTIONS } from './catalog/systemd-keys';
import type { KeySpec, UnitKind } from './catalog/types';
import { UPDATE_KEYS, type UpdateKeySpec } from './catalog/update-keys';
import type { SectionTarget } from './sections';
import { didYouMean } from './suggest';
import { failed, ok, type Result } from '../result';

export type KeyTarget =
  | { readonly type: 'quadlet'; readonly key: string; readonly kinds: readonly UnitKind[] }
  | { readonly type: 'systemd'; readonly group: string; readonly key: string; readonly spec: KeySpec }
  | { readonly type: 'update'; readonly key: string; readonly spec: UpdateKeySpec };

const SYSTEMD_GROUPS: Readonly<Record<string, Readonly<Record<string, KeySpec>>>> = { ...SYSTEMD_SECTIONS, Quadlet: QUADLET_GROUP_KEYS };

function kindsOf(target: SectionTarget): readonly UnitKind[] {
  return target.scope === 'defaults' ? UNIT_KINDS : [target.kind];
}

const label = (target: SectionTarget): string =>
  target.scope === 'defaults' ? '[defaults]' : target.scope === 'type-defaults' ? `[defaults.${target.kind}]` : `[${target.kind}.*]`;

function systemdKey(group: string, key: string): Result<KeyTarget> {
  const table = SYSTEMD_GROUPS[group];
  const reserved = RESERVED_SYSTEMD_KEYS[`${group}.${key}`];
  if (reserved) return failed(`${group}.${key} can not be set: ${reserved}`);
  const spec = table[key];
  if (spec) return ok({ type: 'systemd', group, key, spec });
  return failed(`unknown key ${group}.${key} for systemd's [${group}] section${didYouMean(key, Object.keys(table)).replace('mean ', `mean ${group}.`)}`);
}

function updateKey(key: string, target: SectionTarget): Result<KeyTarget> {
  const spec = UPDATE_KEYS[key];
  if (!spec) return failed(`unknown key update.${key}: quadctl's update keys are ${Object.keys(UPDATE_KEYS).map((k) => `update.${k}`).join(', ')}${didYouMean(key, Object.keys(UPDATE_KEYS)).replace('mean ', 'mean update.')}`);
  if (!kindsOf(target).includes('container')) return failed(`update.${key} belongs to containers: put it in [container.NAME], [defaults.container] or [defaults]`);
  return ok({ type: 'update', key, spec });
}

/** Where a misplaced key would be at home, for the error message. */
function elsewhere(key: string, target: SectionTarget): string | undefined {
  const homes = UNIT_KINDS.filter((k) => UNIT_TYPES[k].keys[key] !== undefined);
  if (homes.length > 0) return `${key} is not a key of ${label(target)}; it belongs in ${homes.map((k) => `[${k}.*]`).join(', ')}`;
  const systemd = Object.keys(SYSTEMD_SECTIONS).find((g) => SYSTEMD_SECTIONS[g][key] !== undefined);
  if (systemd) return `${key} is a key of systemd's [${systemd}] section: write it as ${systemd}.${key}`;
  return undefined;
}

function allCandidates(kinds: readonly UnitKind[]): string[] {
  const own = kinds.flatMap((k) => Object.keys(UNIT_TYPES[k].keys));
  const systemd = Object.entries(SYSTEMD_GROUPS).flatMap(([g, t]) => Object.keys(t).map((k) => `${g}.${k}`));
  return [...new Set([...own, ...systemd, ...Object.keys(UPDATE_KEYS).map((k) => `update.${k}`)])];
}

export function classifyKey(configKey: string, target: SectionTarget): Result<KeyTarget> {
  const dot = configKey.indexOf('.');
  if (dot > 0) {
    const prefix = configKey.slice(0, dot);
    const rest = configKey.slice(dot + 1);
    if (prefix === 'update') return updateKey(rest, target);
    if (SYSTEMD_GROUPS[prefix]) return systemdKey(prefix, rest);
  }
  const kinds = kindsOf(target).filter((k) => UNIT_TYPES[k].keys[configKey] !== undefined);
  if (kinds.length > 0) return ok({ type: 'quadlet', key: configKey, kinds });
  return failed(elsewhere(configKey, target) ?? `unknown key ${configKey} in ${label(target)}${didYouMean(configKey, allCandidates(kindsOf(target)))}`);
}
