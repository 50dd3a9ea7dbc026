import { StateFile } from '../../adapters/history';
import { forgetBad, iso, type KnownBad, unitKey } from '../../update';
import type { ForgetArgs } from '../commands/forget';
import { CommandError } from '../command-error';
import { ExitCode } from '../exit-codes';
import { jsonText } from '../json-output';
import { takeUpdateLock, stateDirFor } from './session';

export async function run(a: ForgetArgs): Promise<void> {
  const unit = unitKey(a.unit);
  const lock = await takeUpdateLock(a, a.wait, 'forget');
  try {
    let result: { forgotten: KnownBad[] } | { error: string } = { error: '' };
    await new StateFile(stateDirFor(a)).update((s) => {
      const r = forgetBad(s, unit, a.digest);
      result = r;
      return 'error' in r ? s : r.state;
    });
    const done = result as { forgotten: KnownBad[] } | { error: string };
    if ('error' in done) throw new CommandError('forget', done.error, ExitCode.Failure);
    if (a.json) process.stdout.write(jsonText({ unit, forgotten: done.forgotten.map((k) => ({ digest: k.digest, image: k.image, reason: k.reason, entry: k.entry, time: iso(k.at) })) }));
    else process.stdout.write(done.forgotten.map((k) => `${unit}: forgot ${k.image} (${k.digest}), known-bad since [${k.entry}]: ${k.reason}\n`).join(''));
  } finally {
    await lock.release();
  }
}
