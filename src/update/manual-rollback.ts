/**
 * `quadctl rollback UNIT [--to ENTRY]`: go back by hand to an image the
 * history recorded, through the same transaction as an update (so it is
 * health-gated, and undone again if the old image does not come up).
 *
 * Without --to: the last good image *before* the one the unit runs — along the
 * images its updates settled on, where a rollback by hand steps back and drops
 * the image it left, so a second rollback goes further back instead of
 * toggling. With --to ENTRY: the image that entry left the unit on — its `to`
 * image if it ended `updated`, its `from` image otherwise (a rolled-back or
 * failed entry ended on what was there before).
 */
import { repositoryOf, type Target } from './discovery';
import { findEntry, type HistoryEntry, type ImageState, sameUnit, type Trigger } from './history';
import type { TxnRequest } from './transaction';
import { failed, ok, type Result } from '../result';

function imageLeftBy(entry: HistoryEntry): ImageState | null {
  const state = entry.result === 'updated' ? entry.to : entry.from;
  return state?.image ? { image: state.image, digest: state.digest, imageId: state.imageId } : null;
}

function sameImage(a: ImageState, b: ImageState): boolean {
  if (a.image !== b.image) return false;
  if (a.digest && b.digest) return a.digest === b.digest;
  return Boolean(a.imageId) && a.imageId === b.imageId;
}

interface Settled {
  state: ImageState;
  entry: HistoryEntry;
}

function lastIndex(line: readonly Settled[], image: ImageState): number {
  for (let i = line.length - 1; i >= 0; i--) if (sameImage(line[i].state, image)) return i;
  return -1;
}

/** The good images a unit settled on, oldest first, as its updates and rollbacks by hand left them. */
function goodImages(entries: readonly HistoryEntry[], unit: string): Settled[] {
  const line: Settled[] = [];
  for (const e of entries) {
    if (!sameUnit(e.unit, unit) || e.kind === 'skip' || e.result !== 'updated' || !e.to || !e.from) continue;
    const to = { image: e.to.image, digest: e.to.digest, imageId: e.to.imageId };
    if (e.kind === 'update') {
      const from = { image: e.from.image, digest: e.from.digest, imageId: e.from.imageId };
      if (line.length === 0 || !sameImage(line[line.length - 1].state, from)) line.push({ state: from, entry: e });
      line.push({ state: to, entry: e });
      continue;
    }
    // A rollback by hand: back to `to`; what came after it is what was left, not a way back.
    const at = lastIndex(line, to);
    if (at >= 0) line.length = at + 1;
    else line.push({ state: to, entry: e });
  }
  return line;
}

function previousGood(entries: readonly HistoryEntry[], unit: string, current: ImageState): Result<Settled> {
  const line = goodImages(entries, unit);
  const at = lastIndex(line, current);
  const before = (at >= 0 ? line.slice(0, at) : line).reverse().find((s) => !sameImage(s.state, current));
  return before ? ok(before) : failed(`no good image of ${unit} before the one it runs (${current.image}) in the history; name one with --to ENTRY (see quadctl history --unit ${unit})`);
}

function chooseImage(entries: readonly HistoryEntry[], unit: string, to: string | undefined, current: ImageState): Result<Settled> {
  const mine = entries.filter((e) => sameUnit(e.unit, unit) && e.kind !== 'skip');
  if (to === undefined) return previousGood(mine, unit, current);
  const found = findEntry(mine, to);
  if (!found.ok) return failed(found.error.replace('no history entry', `no history entry for ${unit} matching`));
  const state = imageLeftBy(found.value);
  return state ? ok({ state, entry: found.value }) : failed(`history entry ${found.value.id} records no image to go back to`);
}

export function planManualRollback(
  entries: readonly HistoryEntry[],
  unit: string,
  to: string | undefined,
  current: Target,
  currentDropIn: string | null,
  trigger: Trigger,
): Result<TxnRequest> {
  const chosen = chooseImage(entries, unit, to, { image: current.image, digest: current.digest, imageId: current.imageId });
  if (!chosen.ok) return chosen;
  const { state, entry } = chosen.value;
  if (state.imageId && state.imageId === current.imageId && state.image === current.image) {
    return failed(`${unit} already runs ${state.image} (${state.imageId.slice(0, 12)})`);
  }
  return ok({
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
  });
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
