/**
 * Recovery after a crash: a transaction with a `begin` and no `end` was cut
 * short (kill -9, power loss). Its last recorded step says how far it got; as
 * every step is idempotent, the next run continues from there:
 *
 *   begin only          → pull again (nothing was switched yet)
 *   pulled              → switch (the tag or drop-in may or may not have moved)
 *   switched, restarted → restart and judge again (the verdict was lost)
 *   verified            → restart and judge again (cheap; the commit was lost)
 *   rollback-*          → do the whole rollback again
 */
import type { HistoryEntry, Step } from './history';
import { unfinished } from './history';
import type { Phase } from './transaction';

export interface RecoveryPlan {
  entry: HistoryEntry;
  phase: Phase;
  /** For people: what was found and what will be done. */
  why: string;
}

const ROLLBACK_STEPS = new Set<Step>(['rollback-started', 'restored', 'rollback-restarted', 'rollback-verified']);

const PHASE_AFTER: Partial<Record<Step, Phase>> = {
  pulled: 'switch',
  switched: 'restart',
  restarted: 'restart',
  'post-hook': 'restart',
  verified: 'restart',
};

function lastStep(entry: HistoryEntry): Step | null {
  const real = entry.steps.filter((s) => s.step !== 'recovering');
  return real.length ? real[real.length - 1].step : null;
}

export function planRecovery(entries: readonly HistoryEntry[]): RecoveryPlan[] {
  return unfinished(entries).map((entry) => {
    const last = lastStep(entry);
    const seen = last ?? 'intent';
    if (entry.steps.some((s) => ROLLBACK_STEPS.has(s.step))) {
      return { entry, phase: 'rollback', why: `interrupted while rolling back (last step ${seen}): roll back again` };
    }
    const phase = (last && PHASE_AFTER[last]) ?? 'pull';
    const next: Record<Phase, string> = { pull: 'pull and continue', switch: 'switch and continue', restart: 'restart and judge health again', rollback: 'roll back' };
    return { entry, phase, why: `interrupted after ${seen}: ${next[phase]}` };
  });
}
