import { StateFile } from '../../adapters/history';
import { type Hold, iso, isHeld, releaseHold, setHold, unitKey } from '../../update';
import { ExitCode } from '../exit-codes';
import { jsonText } from '../json-output';
import { takeUpdateLock, stateDirFor } from './session';

interface HoldArgs {
  user: boolean;
  json: boolean;
  unit: string;
  reason?: string;
  wait?: number;
  release: boolean;
}

function describe(unit: string, hold: Hold): string {
  return `${unit} is held since ${iso(hold.since)} (${hold.reason})`;
}

export async function run(a: HoldArgs): Promise<void> {
  const unit = unitKey(a.unit);
  const lock = await takeUpdateLock(a, a.wait, a.release ? 'unhold' : 'hold');
  try {
    const file = new StateFile(stateDirFor(a));
    if (a.release) {
      let released: Hold | null = null;
      await file.update((s) => {
        const r = releaseHold(s, unit);
        released = r.released;
        return r.state;
      });
      const was = released as Hold | null;
      if (a.json) process.stdout.write(jsonText({ unit, held: false, released: was ? { since: iso(was.since), reason: was.reason } : null }));
      else process.stdout.write(was ? `${unit} released (held since ${iso(was.since)}: ${was.reason}); the next update checks it again.\n` : `${unit} was not held.\n`);
      process.exitCode = was ? ExitCode.Ok : ExitCode.Failure;
      return;
    }
    const state = await file.update((s) => (isHeld(s, unit) ? s : setHold(s, unit, { since: Date.now(), reason: a.reason?.trim() || 'quadctl hold' })));
    const hold = isHeld(state, unit) as Hold;
    if (a.json) process.stdout.write(jsonText({ unit, held: true, since: iso(hold.since), reason: hold.reason }));
    else process.stdout.write(`${describe(unit, hold)}; updates leave it alone until \`quadctl unhold ${a.unit}\`.\n`);
  } finally {
    await lock.release();
  }
}
