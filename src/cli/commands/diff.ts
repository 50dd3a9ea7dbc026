import { createTwoFilesPatch } from 'diff';
import type { PlannedFile } from '../../adapters/fs/unit-dir';
import { CONFIG_HELP, renderFor, withConfigOptions, type ConfigArgs } from './config-common';
import type { RegisterCommand } from './index';
import { planFor } from './unit-plan';

const DESCRIPTION = `Show what apply would change: a unified diff of the installed files against
the files the config renders to (new files against /dev/null, files quadctl
wrote earlier that the config no longer has against nothing). Files quadctl did
not write are never touched; one in the way is listed as a conflict.

${CONFIG_HELP}`;

interface DiffArgs extends ConfigArgs {
  dir?: string;
  json: boolean;
}

function text(f: PlannedFile, side: 'before' | 'after'): string {
  const v = f[side];
  if (v === undefined) return '';
  return f.isLink ? `-> ${v}\n` : v;
}

function patch(f: PlannedFile): string {
  const from = f.before === undefined ? '/dev/null' : `a/${f.name}`;
  const to = f.after === undefined ? '/dev/null' : `b/${f.name}`;
  const p = createTwoFilesPatch(from, to, text(f, 'before'), text(f, 'after'), undefined, undefined, { context: 3 }).replace(/^=+\n/, '');
  return p.endsWith('\n') ? p : `${p}\n`;
}

async function run(args: DiffArgs): Promise<void> {
  const r = await renderFor('diff', args);
  const plan = planFor(r, args.user, args.dir);
  const changed = [...plan.add, ...plan.change, ...plan.remove];
  if (args.json) {
    const names = (l: readonly PlannedFile[]): string[] => l.map((f) => f.name);
    process.stdout.write(`${JSON.stringify({ dir: plan.dir, target: r.target, add: names(plan.add), change: names(plan.change), remove: names(plan.remove), unchanged: names(plan.keep), conflicts: plan.conflicts, patch: changed.map(patch).join('') }, null, 2)}\n`);
    return;
  }
  for (const f of changed) process.stdout.write(patch(f));
  for (const c of plan.conflicts) process.stderr.write(`quadctl diff: conflict: ${plan.dir}/${c} exists and was not written by quadctl for this config\n`);
  if (changed.length === 0 && plan.conflicts.length === 0) process.stderr.write(`quadctl diff: ${plan.dir} is up to date (${plan.keep.length} files)\n`);
}

export const register: RegisterCommand = (cli) =>
  cli.command(
    'diff',
    'Show what apply would change, as a unified diff',
    (y) =>
      withConfigOptions(y)
        .usage(`$0 diff [-c FILE] [options]\n\n${DESCRIPTION}`)
        .option('dir', { type: 'string', describe: 'Compare with this folder instead of the target\'s unit folder' })
        .option('json', { type: 'boolean', default: false, describe: 'Print {dir, target, add, change, remove, unchanged, conflicts, patch}' })
        .example('$0 diff -c /etc/quadctl/quadctl.ini', 'what `quadctl apply` would change'),
    async (argv) => run(argv as unknown as DiffArgs),
  );
