import { StateFile } from '../../adapters/history';
import { forgetBad, iso, type KnownBad, unitKey } from '../../update';
import { CommandError } from '../command-error';
import { ExitCode } from '../exit-codes';
import { jsonText } from '../json-output';
import { takeUpdateLock, stateDirFor } from './session';

interface ForgetArgs {
  user: boolean;
  json: boolean;
  unit: string;
  digest?: string;
  wait?: number;
}

export async function run(a: ForgetArgs): Promise<void> {
  const unit = unitKey(a.unit);
  const lock = await takeUpdateLock(a, a.wait, 'forget');
  try {
    let forgotten: KnownBad[] = [];
    await new StateFile(stateDirFor(a)).update((s) => {
      const r = forgetBad(s, unit, a.digest);
      // Thrown inside the update: the state file is left as it was.
      if (!r.ok) throw new CommandError('forget', r.error, ExitCode.Failure);
      forgotten = r.value.forgotten;
      return r.value.state;
    });
    if (a.json) process.stdout.write(jsonText({ unit, forgotten: forgotten.map((k) => ({ digest: k.digest, image: k.image, reason: k.reason, entry: k.entry, time: iso(k.at) })) }));
    else process.stdout.write(forgotten.map((k) => `${unit}: forgot ${k.image} (${k.digest}), known-bad since [${k.entry}]: ${k.reason}\n`).join(''));
  } finally {
    await lock.release();
  }
}
