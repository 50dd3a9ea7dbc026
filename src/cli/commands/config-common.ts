// What generate, validate, diff and apply share: the config options, reading the
// config (and env file), choosing the target, rendering, and reporting bad input.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { type Config, formatIssue, loadConfig, type LoadResult, parseEnvFile } from '../../config';
import { loadTemplates } from '../../adapters/fs/templates';
import { podmanVersion } from '../../adapters/podman/version';
import { atLeast, formatVersion, parseVersion, QUADLET_SINCE, renderConfig, type RenderResult, type Target, type Version } from '../../render';
import { ExitCode } from '../exit-codes';

export type TargetChoice = Target | 'auto';

export interface ConfigArgs {
  config?: string;
  'env-file'?: string;
  user: boolean;
  target: TargetChoice;
  'podman-version'?: string;
  templates?: string;
  podman: string;
}

export const CONFIG_HELP = `The config is one INI file describing containers, pods, networks, volumes,
images, builds and kube units ([container.NAME], [pod.NAME], …), with
[defaults] inherited by every unit; docs/config.md describes it. \${VAR} and
\${VAR:-default} take values from the environment and the --env-file.

Targets: quadlet writes NAME.container, NAME.pod, … for Podman's Quadlet (4.4+);
systemd writes NAME.service units translated by quadctl and adapted to the
host's Podman (4.3 needs that); auto (default) asks \`podman version\`.

Exit status: 0 done, 1 something failed at run time, 2 invalid config or
arguments (every problem is listed with file:line and key; nothing is written).`;

export function defaultConfigPath(user: boolean, env: NodeJS.ProcessEnv = process.env): string {
  if (env.QUADCTL_CONFIG) return env.QUADCTL_CONFIG;
  return user ? join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'quadctl', 'quadctl.ini') : '/etc/quadctl/quadctl.ini';
}

export function withConfigOptions<T>(y: Argv<T>): Argv<T & ConfigArgs> {
  return y
    .option('config', { alias: 'c', type: 'string', describe: 'Config file (default $QUADCTL_CONFIG, else /etc/quadctl/quadctl.ini, or ~/.config/quadctl/quadctl.ini with --user)' })
    .option('env-file', { type: 'string', describe: 'NAME=VALUE file for ${VAR} (default: quadctl.env beside the config, when present); the environment wins over it' })
    .option('user', { type: 'boolean', default: false, describe: 'Rootless units for the calling user (user unit folders, --user generator semantics)' })
    .option('target', { choices: ['auto', 'quadlet', 'systemd'] as const, default: 'auto' as const, describe: 'quadlet: Quadlet files; systemd: .service units for this host\'s Podman; auto: quadlet from Podman 4.4 on' })
    .option('podman-version', { type: 'string', describe: 'Render for this Podman version instead of asking `podman version`' })
    .option('templates', { type: 'string', describe: 'Folder with TYPE.hbs templates replacing the bundled ones (missing files fall back)' })
    .option('podman', { type: 'string', default: '/usr/bin/podman', describe: 'Podman binary written into systemd units and asked for its version' }) as unknown as Argv<T & ConfigArgs>;
}

export function fail(command: string, message: string, code: ExitCode = ExitCode.Invalid): never {
  process.stderr.write(`quadctl ${command}: ${message}\n`);
  process.exit(code);
}

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

export interface Loaded {
  readonly config: Config;
  /** Absolute config path: the marker in written files and SourcePath=. */
  readonly source: string;
}

/** Reads and checks the config file (exits 2 only when it cannot be read). */
export function loadConfigFile(command: string, args: ConfigArgs): { path: string; source: string } & LoadResult {
  const path = args.config ?? defaultConfigPath(args.user);
  const text = readText(command, path, 'config');
  return { path, source: resolve(path), ...loadConfig(text, { file: path, env: envFor(command, path, args['env-file']) }) };
}

/** Reads and validates the config; on any issue prints them all and exits 2. */
export function readConfig(command: string, args: ConfigArgs): Loaded {
  const { path, source, config, issues } = loadConfigFile(command, args);
  if (!config) {
    process.stderr.write(`${issues.map(formatIssue).join('\n')}\n`);
    fail(command, `${issues.length} problem${issues.length === 1 ? '' : 's'} in ${path}; nothing was written`);
  }
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
}

/** Chooses the target, renders, and exits 2 with every problem when the config can not be rendered for it. */
export async function renderFor(command: string, args: ConfigArgs): Promise<Rendered> {
  const loaded = readConfig(command, args);
  const needsHost = args.target !== 'quadlet';
  const host = needsHost || args['podman-version'] ? await hostVersion(command, args) : undefined;
  const target: Target = args.target === 'auto' ? (host && atLeast(host, QUADLET_SINCE) ? 'quadlet' : 'systemd') : args.target;
  const result = renderConfig(loaded.config, {
    target,
    templates: loadTemplates(args.templates),
    source: loaded.source,
    host,
    isUser: args.user,
    podman: args.podman,
    baseDir: dirname(loaded.source),
  });
  for (const w of result.warnings) process.stderr.write(`quadctl ${command}: warning: ${w}\n`);
  if (result.problems.length > 0) {
    const lines = result.problems.map((p) => (p.line ? `${args.config ?? loaded.source}:${p.line}: ${p.section ? `[${p.section}] ` : ''}${p.key ? `${p.key}: ` : ''}${p.message}` : `${p.unit}: ${p.message}`));
    process.stderr.write(`${lines.join('\n')}\n`);
    fail(command, `cannot render for the ${target} target${host ? ` (Podman ${formatVersion(host)})` : ''}; nothing was written`);
  }
  return { ...loaded, target, host, result };
}

/** Where apply installs: Quadlet's or systemd's unit folder, system or user. */
export function unitDir(target: Target, user: boolean, env: NodeJS.ProcessEnv = process.env): string {
  const config = env.XDG_CONFIG_HOME ?? join(homedir(), '.config');
  if (target === 'quadlet') return user ? join(config, 'containers', 'systemd') : '/etc/containers/systemd';
  return user ? join(config, 'systemd', 'user') : '/etc/systemd/system';
}
