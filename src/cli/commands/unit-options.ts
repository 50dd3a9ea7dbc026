// What the commands on one unit (hold, unhold, forget, rollback) take alike, so that
// UNIT, --json, --user and --wait read and fail the same way in each.
import type { Argv } from 'yargs';
import { numberOption, SECONDS_WAIT } from './numbers';

interface UnitOptionText {
  /** What --json prints. */
  readonly json: string;
  /** What --user switches to (default: the user's units). */
  readonly user?: string;
}

/** UNIT, --json, --user and --wait SECONDS (a bad number is a usage error, never NaN). */
export function unitOptions<T>(y: Argv<T>, text: UnitOptionText) {
  return y
    .positional('unit', { type: 'string', demandOption: true, describe: 'The unit, e.g. web or web.service' })
    .option('json', { type: 'boolean', default: false, describe: text.json })
    .option('user', { type: 'boolean', default: false, describe: text.user ?? "The user's units" })
    .option('wait', { type: 'string', requiresArg: true, coerce: numberOption('wait', SECONDS_WAIT), describe: 'Wait up to this many SECONDS for a running update' });
}
