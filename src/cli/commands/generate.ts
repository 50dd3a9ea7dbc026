import { resolve } from 'node:path';
import { applyPlan, planDir } from '../../adapters/fs/unit-dir';
import { formatVersion, type RenderedFile } from '../../render';
import { ExitCode } from '../exit-codes';
import { CONFIG_HELP, renderFor, withConfigOptions, type ConfigArgs } from './config-common';
import type { RegisterCommand } from './index';
import { formatTable, summaryRows } from './summary';

const DESCRIPTION = `Render the config into unit files, into a folder (-o DIR) or to stdout (-o -).

Writing into a folder is all or nothing, and only touches files quadctl wrote for
the same config: files from an earlier run that the config no longer has are
removed, any other file in the way stops it before anything is written.

${CONFIG_HELP}`;

interface GenerateArgs extends ConfigArgs {
  output: string;
  summary: boolean;
  json: boolean;
}

function printFiles(files: readonly RenderedFile[]): void {
  for (const f of files) {
    if ('link' in f) process.stdout.write(`---${f.name} -> ${f.link}---\n\n`);
    else process.stdout.write(`---${f.name}---\n${f.content}\n`);
  }
}

async function run(args: GenerateArgs): Promise<void> {
  const r = await renderFor('generate', args);
  const files = r.result.files;
  const rows = summaryRows(r.config, files);
  if (args.output === '-') {
    if (args.json) process.stdout.write(`${JSON.stringify({ target: r.target, podman: r.host ? formatVersion(r.host) : undefined, files }, null, 2)}\n`);
    else printFiles(files);
  } else {
    const dir = resolve(args.output);
    const plan = planDir(dir, files.map((f) => ({ name: f.name, content: 'content' in f ? f.content : undefined, link: 'link' in f ? f.link : undefined, service: f.service })), r.source);
    try {
      await applyPlan(plan);
    } catch (e) {
      process.stderr.write(`quadctl generate: ${(e as Error).message}\n`);
      process.exit(ExitCode.Failure);
    }
    if (args.json) process.stdout.write(`${JSON.stringify({ target: r.target, dir, written: [...plan.add, ...plan.change].map((f) => f.name), removed: plan.remove.map((f) => f.name), unchanged: plan.keep.map((f) => f.name), units: rows }, null, 2)}\n`);
    else process.stderr.write(`quadctl generate: ${plan.add.length} added, ${plan.change.length} changed, ${plan.remove.length} removed, ${plan.keep.length} unchanged in ${dir} (target ${r.target}${r.host ? `, Podman ${formatVersion(r.host)}` : ''})\n`);
  }
  if (args.summary && !args.json) {
    const out = args.output === '-' ? process.stderr : process.stdout;
    out.write(`${formatTable(rows as unknown as Record<string, string>[], ['unit', 'type', 'file', 'service', 'detail', 'update'])}\n`);
  }
}

export const register: RegisterCommand = (cli) =>
  cli.command(
    'generate',
    'Render the config into Quadlet files or systemd units',
    (y) =>
      withConfigOptions(y)
        .usage(`$0 generate [-c FILE] [-o DIR|-] [options]\n\n${DESCRIPTION}`)
        .option('output', { alias: 'o', type: 'string', default: '-', describe: 'Folder to write into, or - for stdout' })
        .option('summary', { type: 'boolean', default: false, describe: 'Also print a table: unit, type, file, service, image/ports, update policy' })
        .option('json', { type: 'boolean', default: false, describe: 'Machine-readable output (the files, or what was written)' })
        .example('$0 generate -c quadctl.ini -o out --target quadlet --summary', 'Quadlet files into ./out, with a table')
        .example('$0 generate -c quadctl.ini --target systemd --podman-version 4.3.1', 'the .service units a Debian 12 host needs, on stdout'),
    async (argv) => run(argv as unknown as GenerateArgs),
  );
