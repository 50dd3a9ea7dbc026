// quadctl export kube: read the config, map it (src/kube), check every object
// against the Kubernetes schemas, list what is not carried, write.
import { dirname, resolve } from 'node:path';
import { readEnvFiles } from '../../adapters/fs/env-files';
import { applyPlan, planDir } from '../../adapters/fs/unit-dir';
import { buildExport, directoryFiles, envFilePaths, exportOwner, type ExportWarning, manifestFiles, type NotCarried, streamText, validateObject } from '../../kube';
import { ExitCode } from '../exit-codes';
import { readConfig } from './config-common';
import { fail } from '../command-error';
import { jsonText } from '../json-output';

export interface ExportKubeArgs {
  config?: string;
  'env-file'?: string;
  user: boolean;
  output: string;
  unit: string[];
  podman: boolean;
  strict: boolean;
  json: boolean;
}

const COMMAND = 'export kube';

function where(file: string, n: { section: string; line?: number; key?: string }): string {
  return `${file}:${n.line ?? 0}: [${n.section}]${n.key ? ` ${n.key}` : ''}`;
}

function report(file: string, notCarried: readonly NotCarried[], warnings: readonly ExportWarning[]): void {
  const lines = [
    ...warnings.map((w) => `${where(file, w)}: warning: ${w.message}`),
    ...notCarried.map((n) => `${where(file, n)}: not carried: ${n.reason}`),
  ];
  if (lines.length > 0) process.stderr.write(`${lines.join('\n')}\n`);
}

export async function run(args: ExportKubeArgs): Promise<void> {
  const { config, source } = readConfig(COMMAND, args);
  const baseDir = dirname(source);
  const model = buildExport(config, { podman: args.podman, units: args.unit, baseDir });
  if (model.problems.length > 0) fail(COMMAND, `${model.problems.join('\n')}\nnothing was written`);
  const env = readEnvFiles(envFilePaths(model), baseDir);
  if (env.problems.length > 0) fail(COMMAND, `cannot read an env file for its ConfigMap:\n${env.problems.join('\n')}\nnothing was written`);
  const files = manifestFiles(model, { podman: args.podman, envFiles: env.files });
  const invalid = files.flatMap((f) => f.objects.flatMap(validateObject));
  // The config was valid, so an object the schema refuses is quadctl's mistake, not the user's.
  if (invalid.length > 0) fail(COMMAND, `the manifests do not pass the Kubernetes schema (a quadctl bug, please report it):\n${invalid.join('\n')}\nnothing was written`, ExitCode.Failure);
  const file = args.config ?? source;
  report(file, model.notCarried, model.warnings);
  if (args.strict && model.notCarried.length > 0) fail(COMMAND, `${model.notCarried.length} setting${model.notCarried.length === 1 ? '' : 's'} can not be carried over (--strict); nothing was written`);
  const summary = { notCarried: model.notCarried, warnings: model.warnings };
  if (args.output === '-') {
    if (args.podman) process.stderr.write(`quadctl ${COMMAND}: the .kube units are written with -o DIR\n`);
    if (args.json) process.stdout.write(jsonText({ objects: files.flatMap((f) => f.objects), ...summary }));
    else process.stdout.write(streamText(files, source));
    return;
  }
  const dir = resolve(args.output);
  const out = directoryFiles(files, source, args.podman);
  const plan = planDir(dir, out.map((f) => ({ name: f.name, content: f.content, service: f.name })), exportOwner(source));
  try {
    await applyPlan(plan);
  } catch (e) {
    fail(COMMAND, (e as Error).message, ExitCode.Failure);
  }
  if (args.json) process.stdout.write(jsonText({ dir, files: out.map((f) => f.name), removed: plan.remove.map((f) => f.name), ...summary }));
  else process.stderr.write(`quadctl ${COMMAND}: ${out.length} files in ${dir} (${plan.add.length} added, ${plan.change.length} changed, ${plan.remove.length} removed)${model.notCarried.length > 0 ? `; ${model.notCarried.length} not carried, listed above` : ''}\n`);
}
