/**
 * The config model (pure): INI text → validated units, each value encoded for
 * its unit-file line through the unit-file codec.
 *
 *   const { config, issues } = loadConfig(text, { file: 'quadctl.ini', env: { ...envFile, ...process.env } });
 *   issues: every problem, each with file, line, section and key (formatIssue() prints one)
 *   config.units[i]: { kind, name, fileName, settings: [{ group, key, text }], update: { policy, probe, settle, timer } }
 *
 * The syntax is documented in docs/config.md.
 */
export { loadConfig, type LoadResult } from './load';
export { parseEnvFile } from './interpolate';
export { formatIssue, type ConfigIssue } from './issues';
export type { Config, ConfigUnit, Setting, Origin } from './model';
export { unitService } from './service-name';
export { UNIT_TYPES, UNIT_KINDS } from './catalog/quadlet-keys';
export { UPDATE_KEYS } from './catalog/update-keys';
export { UNIT_LINE_MAX_BYTES } from './encode';
export type { UnitKind } from './catalog/types';
export { loadAnnounce, mergeAnnounce, NOTIFY_EVENTS, type Announce, type NotifySettings } from './notify-sections';
