// What generate, validate, diff and apply do with the config when they run:
// reading it (and the env file), choosing the target, rendering, and reporting
// bad input. The options themselves are in ../commands/config-options.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type Config, formatIssue, loadConfig, type LoadResult, parseEnvFile } from '../../config';
import { loadTemplates } from '../../adapters/fs/templates';
import { log } from '../../adapters/log/journal-logger';
import { cgroupVersion } from '../../adapters/podman/cgroup-version';
import { podmanVersion } from '../../adapters/podman/version';
import { StateFile } from '../../adapters/history';
import { hostEnv } from '../../adapters/fs/host-env';
import { defaultConfigFile, scopeOf, stateDir } from '../../paths';
import { atLeast, formatVersion, parseVersion, QUADLET_SINCE, renderConfig, type RenderResult, type ResolvedImage, type Target, type Version, withResolvedImages } from '../../render';
import { EMPTY_STATE, type UpdaterState } from '../../update/resolved';
import type { ConfigArgs } from '../commands/config-options';
import { fail } from '../command-error';
import { ExitCode } from '../exit-codes';

function readText(command: string, path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    return fail(command, `cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function envFor(command: string, configPath: string, envFile: string | undefined): Record<string, string | undefined> {
  const path = envFile ?? join(dirname(configPath), 'quadctl.env');
  if (envFile === undefined && !existsSync(path)) return { ...process.env };
  const { env, errors } = parseEnvFile(readText(command, path, 'env file'));
  if (errors.length > 0) fail(command, errors.map((e) => `${path}:${e.line}: ${e.message}`).join('\n'));
  return { ...env, ...process.env };
}

interface Loaded {
  readonly config: Config;
  /** Absolute config path: the marker in written files and SourcePath=. */
  readonly source: string;
}

/** The options that say which config to read. */
type ConfigSource = Pick<ConfigArgs, 'config' | 'user' | 'env-file'>;

/** Reads and checks the config file (throws, exit 2, only when it cannot be read). */
export function loadConfigFile(command: string, args: ConfigSource, allowEmpty = false): { path: string; source: string } & LoadResult {
  const path = args.config ?? defaultConfigFile(scopeOf(args.user), hostEnv());
  const text = readText(command, path, 'config');
  return { path, source: resolve(path), ...loadConfig(text, { file: path, env: envFor(command, path, args['env-file']), allowEmpty }) };
}

/** Reads and validates the config; on any issue throws them all (exit 2). `allowEmpty`: a config with no unit is one (apply --prune). */
export function readConfig(command: string, args: ConfigSource, allowEmpty = false): Loaded {
  const { path, source, config, issues } = loadConfigFile(command, args, allowEmpty);
  if (!config) fail(command, `${issues.length} problem${issues.length === 1 ? '' : 's'} in ${path}; nothing was written`, ExitCode.Invalid, issues.map(formatIssue));
  return { config, source };
}

async function hostVersion(command: string, args: ConfigArgs): Promise<Version> {
  const text = args['podman-version'] ?? (await podmanVersion(args.podman === '/usr/bin/podman' ? 'podman' : args.podman).catch((e: Error) => fail(command, e.message)));
  const v = parseVersion(text);
  return v ?? fail(command, `cannot read Podman version ${JSON.stringify(text)}`);
}

export interface Rendered extends Loaded {
  readonly target: Target;
  readonly host?: Version;
  readonly result: RenderResult;
  /** Containers that run the updater's choice, or whose earlier choice the config superseded. */
  readonly images: readonly ResolvedImage[];
  /** The updater's state the render used. */
  readonly state: UpdaterState;
}

/** The updater's state for the scope; a state that cannot be read is reported and not used. */
export async function readUpdaterState(command: string, user: boolean): Promise<UpdaterState> {
  const file = new StateFile(stateDir(scopeOf(user), hostEnv()));
  try {
    return await file.read();
  } catch (e) {
    process.stderr.write(`quadctl ${command}: warning: ${(e as Error).message}; rendering the config's images only\n`);
    return EMPTY_STATE;
  }
}

/**
 * Chooses the target, renders config + updater state (resolved images, see
 * src/render/resolved-images.ts), and throws every problem (exit 2) when the
 * config can not be rendered for it.
 */
export async function renderFor(command: string, args: ConfigArgs, options: { allowEmpty?: boolean; state?: UpdaterState } = {}): Promise<Rendered> {
  const read = readConfig(command, args, options.allowEmpty ?? false);
  const state = options.state ?? (await readUpdaterState(command, args.user));
  const { config, images } = withResolvedImages(read.config, state);
  const loaded = { ...read, config };
  const needsHost = args.target !== 'quadlet';
  const host = needsHost || args['podman-version'] ? await hostVersion(command, args) : undefined;
  const target: Target = args.target === 'auto' ? (host && atLeast(host, QUADLET_SINCE) ? 'quadlet' : 'systemd') : args.target;
  const result = renderConfig(loaded.config, {
    target,
    templates: loadTemplates(args.templates),
    source: loaded.source,
    host,
    // Only rootless units depend on it (see src/render/rootless-cgroup-v1.ts).
    cgroupVersion: target === 'systemd' && args.user ? cgroupVersion() : undefined,
    isUser: args.user,
    podman: args.podman,
    baseDir: dirname(loaded.source),
  });
  for (const w of result.warnings) log.log('warning', `quadctl ${command}: warning: ${w}`);
  if (result.problems.length > 0) {
    const lines = result.problems.map((p) => (p.line ? `${args.config ?? loaded.source}:${p.line}: ${p.section ? `[${p.section}] ` : ''}${p.key ? `${p.key}: ` : ''}${p.message}` : `${p.unit}: ${p.message}`));
    fail(command, `cannot render for the ${target} target${host ? ` (Podman ${formatVersion(host)})` : ''}; nothing was written`, ExitCode.Invalid, lines);
  }
  return { ...loaded, target, host, result, images, state };
}
