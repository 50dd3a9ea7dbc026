// quadctl-generator's own settings, from /etc/quadctl/generator.conf (unit-file syntax):
//
//   [Generator]
//   PodmanVersion=4.3.1
//
// Podman's Quadlet only writes units for the Podman it ships with. quadctl-generator
// exists for hosts whose Podman is older than 4.4, where units in Quadlet 5.x's shape
// start once and fail on every restart; told the host's version, it adapts them the
// way `quadctl generate --target systemd` does. The version is configured, not probed:
// running podman on every daemon-reload would cost more than the whole generation.
import { existsSync, readFileSync } from 'node:fs';
import { parseVersion, type Version } from '../../render/podman-version';
import { failed, ok, type Result } from '../../result';
import { parseUnitFile, type UnitFile, UnitFileParseError } from '../../unitfile';

const DEFAULT_SETTINGS_PATH = '/etc/quadctl/generator.conf';

interface GeneratorSettings {
  /** The host's Podman, when configured: output is adapted to it. */
  readonly podmanVersion?: Version;
}

const KNOWN_KEYS = new Set(['PodmanVersion']);

/** Settings from `text` (the file at `path`); a missing file means defaults. */
export function parseSettings(text: string, path: string): Result<GeneratorSettings> {
  let unit: UnitFile;
  try {
    unit = parseUnitFile(text, path);
  } catch (e) {
    if (e instanceof UnitFileParseError) return failed(`${path}:${e.line ?? '?'}: ${e.detail}`);
    throw e;
  }
  for (const group of unit.groupNames()) {
    if (group !== 'Generator') return failed(`${path}: unknown section [${group}] (expected [Generator])`);
    for (const key of unit.keys(group)) {
      if (!KNOWN_KEYS.has(key)) return failed(`${path}:${unit.lastLine(group, key)?.line ?? '?'}: unknown key ${key} in [Generator] (known: PodmanVersion)`);
    }
  }
  const line = unit.lastLine('Generator', 'PodmanVersion');
  if (line === undefined) return ok({});
  const version = parseVersion(line.value);
  if (version === undefined) return failed(`${path}:${line.line ?? '?'}: PodmanVersion=${line.value} is not a version like 4.3.1`);
  return ok({ podmanVersion: version });
}

/** Reads the settings file; QUADCTL_GENERATOR_CONF names another one. */
export function loadSettings(env: { readonly QUADCTL_GENERATOR_CONF?: string }): Result<GeneratorSettings> {
  const path = env.QUADCTL_GENERATOR_CONF || DEFAULT_SETTINGS_PATH;
  // Most hosts have no settings file: asking first spares every run a thrown ENOENT.
  if (!existsSync(path)) return ok({});
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return ok({});
    return failed(`${path}: ${(e as Error).message}`);
  }
  return parseSettings(text, path);
}
