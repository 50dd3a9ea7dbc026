import { createTwoFilesPatch } from 'diff';
import type { PlannedFile } from '../../adapters/fs/unit-dir';
import type { DiffArgs } from '../commands/diff';
import { renderFor } from './config-common';
import { planFor } from './unit-plan';
import { jsonText } from '../json-output';

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

export async function run(args: DiffArgs): Promise<void> {
  const r = await renderFor('diff', args);
  const plan = planFor(r, args.user, args.dir);
  const changed = [...plan.add, ...plan.change, ...plan.remove];
  if (args.json) {
    const names = (l: readonly PlannedFile[]): string[] => l.map((f) => f.name);
    process.stdout.write(jsonText({ dir: plan.dir, target: r.target, add: names(plan.add), change: names(plan.change), remove: names(plan.remove), unchanged: names(plan.keep), conflicts: plan.conflicts, patch: changed.map(patch).join('') }));
    return;
  }
  for (const f of changed) process.stdout.write(patch(f));
  for (const c of plan.conflicts) process.stderr.write(`quadctl diff: conflict: ${plan.dir}/${c} exists and was not written by quadctl for this config\n`);
  if (changed.length === 0 && plan.conflicts.length === 0) process.stderr.write(`quadctl diff: ${plan.dir} is up to date (${plan.keep.length} files)\n`);
}

