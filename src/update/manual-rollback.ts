/**
 * `quadctl rollback UNIT [--to ENTRY]`: go back by hand to an image the
 * history recorded, through the same transaction as an update (so it is
 * health-gated, and undone again if the old image does not come up).
 *
 * Without --to: undo the unit's last successful update (its `from` image).
 * With --to ENTRY: the image that entry left the unit on — its `to` image if
 * it ended `updated`, its `from` image otherwise (a rolled-back or failed entry
 * ended on what was there before).
 */
import { repositoryOf, type Target } from './discovery';
import { findEntry, type HistoryEntry, type ImageState, sameUnit } from './history';
import type { Trigger } from './plan';
import type { TxnRequest } from './transaction';

function imageLeftBy(entry: HistoryEntry): ImageState | null {
  const state = entry.result === 'updated' ? entry.to : entry.from;
  return state?.image ? { image: state.image, digest: state.digest, imageId: state.imageId } : null;
}

function chooseImage(entries: readonly HistoryEntry[], unit: string, to: string | undefined): { state: ImageState; entry: HistoryEntry } | { error: string } {
  const mine = entries.filter((e) => sameUnit(e.unit, unit) && e.kind !== 'skip');
  if (to !== undefined) {
    const found = findEntry(mine, to);
    if ('error' in found) return { error: found.error.replace('no history entry', `no history entry for ${unit} matching`) };
    const state = imageLeftBy(found);
    return state ? { state, entry: found } : { error: `history entry ${found.id} records no image to go back to` };
  }
  const last = [...mine].reverse().find((e) => e.result === 'updated' && e.from);
  if (!last?.from) return { error: `no successful update of ${unit} in the history to undo; name one with --to ENTRY (see quadctl history --unit ${unit})` };
  return { state: { image: last.from.image, digest: last.from.digest, imageId: last.from.imageId }, entry: last };
}

export function planManualRollback(
  entries: readonly HistoryEntry[],
  unit: string,
  to: string | undefined,
  current: Target,
  currentDropIn: string | null,
  trigger: Trigger,
): TxnRequest | { error: string } {
  const chosen = chooseImage(entries, unit, to);
  if ('error' in chosen) return chosen;
  const { state, entry } = chosen;
  if (state.imageId && state.imageId === current.imageId && state.image === current.image) {
    return { error: `${unit} already runs ${state.image} (${state.imageId.slice(0, 12)})` };
  }
  return {
    begin: {
      unit: current.unit,
      container: current.container,
      kind: 'rollback',
      trigger,
      policy: current.policyText,
      from: { image: current.image, digest: current.digest, imageId: current.imageId, dropIn: currentDropIn },
      to: { image: state.image, digest: state.digest, imageId: state.imageId },
      pull: state.digest ? `${repositoryOf(state.image)}@${state.digest}` : '',
      ...(current.authFile ? { authFile: current.authFile } : {}),
      reason: `by hand: back to ${state.image} as recorded in ${entry.id}`,
    },
    health: current.health,
    restartUnit: current.restartUnit,
  };
}

/**
 * When the unit has no running container (it is down), the image it was last
 * recorded on stands in for it, so a broken unit can still be rolled back by hand.
 */
export function targetFromHistory(entries: readonly HistoryEntry[], unit: string): Target | null {
  const last = [...entries].reverse().find((e) => sameUnit(e.unit, unit) && e.kind !== 'skip' && e.result !== null);
  const state = last ? imageLeftBy(last) : null;
  if (!last || !state) return null;
  return {
    unit: last.unit,
    container: last.container,
    containerId: '',
    image: state.image,
    imageId: state.imageId,
    digest: state.digest,
    knownDigests: state.digest ? [state.digest] : [],
    mode: { kind: 'off', why: 'not running' },
    policyText: last.policy,
    onTimer: true,
    ...(last.authFile ? { authFile: last.authFile } : {}),
    health: {},
    pod: '',
    // Not running: starting its own unit brings a pod it is bound to up as well.
    restartUnit: last.unit,
    hasHealthcheck: false,
    problems: [],
  };
}
