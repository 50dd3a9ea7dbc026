import { resolve } from 'node:path';
import { applyPlan, planDir } from '../../adapters/fs/unit-dir';
import { formatVersion, type RenderedFile } from '../../render';
import { ExitCode } from '../exit-codes';
import { renderFor } from './config-common';
import { fail } from '../command-error';
import { formatTable, summaryRows } from './summary';
import { jsonText } from '../json-output';
import type { ConfigArgs } from '../commands/config-options';

export interface GenerateArgs extends ConfigArgs {
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

export async function run(args: GenerateArgs): Promise<void> {
  const r = await renderFor('generate', args);
  const files = r.result.files;
  const rows = summaryRows(r.config, files);
  if (args.output === '-') {
    if (args.json) process.stdout.write(jsonText({ target: r.target, podman: r.host ? formatVersion(r.host) : undefined, files }));
    else printFiles(files);
  } else {
    const dir = resolve(args.output);
    const plan = planDir(dir, files.map((f) => ({ name: f.name, content: 'content' in f ? f.content : undefined, link: 'link' in f ? f.link : undefined, service: f.service })), r.source);
    try {
      await applyPlan(plan);
    } catch (e) {
      fail('generate', (e as Error).message, ExitCode.Failure);
    }
    if (args.json) process.stdout.write(jsonText({ target: r.target, dir, written: [...plan.add, ...plan.change].map((f) => f.name), removed: plan.remove.map((f) => f.name), unchanged: plan.keep.map((f) => f.name), units: rows }));
    else process.stderr.write(`quadctl generate: ${plan.add.length} added, ${plan.change.length} changed, ${plan.remove.length} removed, ${plan.keep.length} unchanged in ${dir} (target ${r.target}${r.host ? `, Podman ${formatVersion(r.host)}` : ''})\n`);
  }
  if (args.summary && !args.json) {
    const out = args.output === '-' ? process.stderr : process.stdout;
    out.write(`${formatTable(rows as unknown as Record<string, string>[], ['unit', 'type', 'file', 'service', 'detail', 'update'])}\n`);
  }
}

