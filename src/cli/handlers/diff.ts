import { createTwoFilesPatch } from 'diff';
import type { PlannedFile } from '../../adapters/fs/unit-dir';
import { describeResolved, resolvedRows } from '../../render';
import { ExitCode } from '../exit-codes';
import { readConfig, readUpdaterState, renderFor } from './config-common';
import { legacyDropIns, planFor, servicesOf } from './unit-plan';
import { jsonText } from '../json-output';
import type { ConfigArgs } from '../commands/config-options';

export interface DiffArgs extends ConfigArgs {
  dir?: string;
  prune: boolean;
  'exit-code': boolean;
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

export async function run(args: DiffArgs): Promise<void> {
  const before = await readUpdaterState('diff', args.user);
  const legacy = legacyDropIns(readConfig('diff', args, args.prune).config, args.user, before, Date.now());
  const r = await renderFor('diff', args, { allowEmpty: args.prune, state: legacy.state });
  const plan = planFor(r, args.user, args.dir, args.prune);
  const changed = [...plan.add, ...plan.change, ...plan.remove];
  const left = args.prune ? [] : servicesOf(plan.leftConfig);
  // Overrides: what makes a unit run something else than its config section says, and why.
  const notes = [
    ...r.images.map(describeResolved),
    ...legacy.found.map((l) => `${l.service}: ${l.path} is a frozen copy of its command line from an earlier quadctl; apply removes it`),
    ...left.map((s) => `${s}: not in the config any more, left installed (apply --prune removes it)`),
  ];
  const differs = changed.length > 0 || legacy.found.length > 0;
  if (args.json) {
    const names = (l: readonly PlannedFile[]): string[] => l.map((f) => f.name);
    const resolved = resolvedRows(r.images);
    process.stdout.write(
      jsonText({ dir: plan.dir, target: r.target, add: names(plan.add), change: names(plan.change), remove: names(plan.remove), unchanged: names(plan.keep), leftConfig: left, conflicts: plan.conflicts, resolved, legacyDropIns: legacy.found.map((l) => l.path), patch: changed.map(patch).join('') }),
    );
  } else {
    for (const n of notes) process.stdout.write(`# ${n}\n`);
    for (const f of changed) process.stdout.write(patch(f));
    for (const c of plan.conflicts) process.stderr.write(`quadctl diff: conflict: ${plan.dir}/${c} exists and was not written by quadctl for this config\n`);
    if (!differs && plan.conflicts.length === 0) process.stderr.write(`quadctl diff: ${plan.dir} is up to date (${plan.keep.length} files)\n`);
  }
  if (args['exit-code'] && (differs || plan.conflicts.length > 0)) process.exitCode = ExitCode.Failure;
}
