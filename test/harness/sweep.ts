/**
 * Find sandboxes nobody will stop: their owning jest process is gone (a crashed or
 * killed worker), or, from jest's globalTeardown, they belong to this finished run.
 * Sandboxes of other, still running jest runs are left alone.
 */
import { destroySync } from './destroy';
import { isAlive } from './processes';
import { listStateDirs, readOwner } from './state-dir';

export interface SweepResult {
  removed: string[];
  problems: string[];
}

export function sweepSandboxes(alsoRunOf?: number): SweepResult {
  const result: SweepResult = { removed: [], problems: [] };
  for (const dir of listStateDirs()) {
    const owner = readOwner(dir);
    const ours = owner !== null && alsoRunOf !== undefined && (owner.ppid === alsoRunOf || owner.pid === alsoRunOf);
    const orphaned = owner === null ? false : !isAlive(owner.pid);
    if (!ours && !orphaned) continue;
    result.problems.push(...destroySync(dir));
    result.removed.push(dir.id);
  }
  return result;
}
