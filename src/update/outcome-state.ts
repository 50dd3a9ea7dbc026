/**
 * What a finished transaction changes in the updater's state (resolved.ts):
 * - an update that ended `updated`: the unit's resolved image;
 * - a rollback by hand that reached its image: the resolved image, and a hold,
 *   so the next timer run does not undo it;
 * - a candidate that failed its health gate: known-bad, with the reason. A
 *   failed pull or switch says nothing about the image, so it is not.
 */
import { markBad, recordResolution, setHold, type UpdaterState } from './resolved';
import type { TxnOutcome } from './transaction';

function holdReason(entry: string): string {
  return `rolled back by hand [${entry}]`;
}

export function stateAfter(state: UpdaterState, o: TxnOutcome, at: number): UpdaterState {
  if (o.result === 'updated') {
    const next = recordResolution(state, o.unit, { image: o.from.image, policy: o.policy }, { image: o.to.image, digest: o.to.digest, entry: o.id, at });
    return o.kind === 'rollback' ? setHold(next, o.unit, { since: at, reason: holdReason(o.id) }) : next;
  }
  if (o.kind === 'update' && o.gateFailure && o.to.digest) return markBad(state, o.unit, { digest: o.to.digest, image: o.to.image, reason: o.gateFailure, entry: o.id, at });
  return state;
}
