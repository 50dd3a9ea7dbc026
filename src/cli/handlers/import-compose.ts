import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { ComposeError, ComposeSyntaxError, type Dropped, type HealthWait, importCompose, type ImportResult } from '../../compose';
import { composeFiles, composeReader } from '../../adapters/compose/files';
import { podmanVersion } from '../../adapters/podman/version';
import { atLeast, parseVersion } from '../../render';
import { ExitCode } from '../exit-codes';
import { fail } from '../command-error';
import { jsonText } from '../json-output';
import { makeDirSync } from '../../adapters/fs/make-dir';

export interface ImportComposeArgs {
  file: string[];
  'env-file': string[];
  'project-name'?: string;
  profile: string[];
  pod: boolean;
  lossy: boolean;
  output: string;
  force: boolean;
  json: boolean;
  'podman-version'?: string;
  podman: string;
}

const COMMAND = 'import compose';

/** Notify=healthy needs Podman 5; without a Podman here the config is for Quadlet on a current one. */
async function healthWait(args: ImportComposeArgs): Promise<HealthWait> {
  const text = args['podman-version'] ?? (await podmanVersion(args.podman).catch(() => undefined));
  if (text === undefined) return 'notify';
  const v = parseVersion(text) ?? fail(COMMAND, `cannot read Podman version ${JSON.stringify(text)}`);
  return atLeast(v, { major: 5, minor: 0, patch: 0 }) ? 'notify' : 'poll';
}

const where = (d: Dropped): string => (d.at ? `${relative(process.cwd(), d.at.file) || d.at.file}:${d.at.line}: ` : '');

function convert(args: ImportComposeArgs, files: string[], wait: HealthWait): ImportResult {
  try {
    return importCompose(composeReader, {
      files,
      envFiles: args['env-file'].map((f) => resolve(f)),
      projectName: args['project-name'],
      profiles: args.profile,
      env: process.env,
      display: (p) => relative(process.cwd(), p) || p,
      pod: args.pod,
      healthWait: wait,
    });
  } catch (e) {
    if (e instanceof ComposeError || e instanceof ComposeSyntaxError) fail(COMMAND, `nothing was written:\n${e.message}`);
    throw e;
  }
}

function write(args: ImportComposeArgs, text: string): void {
  if (args.output === '-') return;
  if (existsSync(args.output) && !args.force) fail(COMMAND, `${args.output} exists; nothing was written (--force replaces it)`);
  try {
    makeDirSync(dirname(resolve(args.output)));
    writeFileAtomic.sync(args.output, text, { mode: 0o644, fsync: true });
  } catch (e) {
    fail(COMMAND, `cannot write ${args.output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, ExitCode.Failure);
  }
}

export async function run(args: ImportComposeArgs): Promise<void> {
  const files = composeFiles(args.file, process.env, process.cwd());
  if (files.length === 0) fail(COMMAND, 'no compose file here (compose.yaml, docker-compose.yml); name one with -f');
  const result = convert(args, files, await healthWait(args));
  for (const [name, path] of result.unset) process.stderr.write(`quadctl ${COMMAND}: warning: variable ${name} is not set, using an empty string (${path})\n`);
  const lines = result.dropped.map((d) => `${where(d)}${d.path}: ${d.reason}`);
  if (lines.length > 0 && !args.lossy && args.json) {
    process.stdout.write(jsonText({ project: result.project, written: false, dropped: result.dropped }));
    fail(COMMAND, '');
  }
  if (lines.length > 0 && !args.lossy) fail(COMMAND, `${lines.length} field${lines.length === 1 ? '' : 's'} can not be carried over; nothing was written (--lossy converts the rest and lists them)`, ExitCode.Invalid, lines);
  for (const l of lines) process.stderr.write(`quadctl ${COMMAND}: dropped ${l}\n`);
  write(args, result.text);
  if (args.json) {
    const { project, text, services, inactive, dropped } = result;
    process.stdout.write(jsonText({ project, written: true, output: args.output, config: text, services, inactive, dropped, unset: Object.fromEntries(result.unset) }));
  } else if (args.output === '-') process.stdout.write(result.text);
  else process.stderr.write(`quadctl ${COMMAND}: wrote ${args.output}: project ${result.project}, ${result.services.length} services, ${result.sections} sections${result.inactive.length ? `; not in an active profile: ${result.inactive.join(', ')}` : ''}\n`);
  process.exitCode = ExitCode.Ok;
}
