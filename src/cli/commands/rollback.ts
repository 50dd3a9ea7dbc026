import type { RegisterCommand } from './index';
import { ExitCode } from '../exit-codes';
import { inspectImages, systemdContainers } from '../../adapters/podman/inspect';
import { discoverTargets, entryJson, outcomeLine, planManualRollback, runTransaction, targetFromHistory, type Target } from '../../update';
import { lockOrExit, openSession, VERDICT_EXIT } from './update';

const DESCRIPTION = `Go back by hand to an image the history recorded, through the same
transaction as an update: recorded intent, pull by digest if the image is gone,
switch, restart, health gate — and if the old image does not come up, back to
what ran before.

Without --to: undo the unit's last successful update. With --to ENTRY (an ID
from \`quadctl history\`, or a unique prefix): the image that entry left the unit
on. A unit that is down is taken to run the image it was last recorded on.

Exit status: 0 rolled back and healthy; 3 the old image failed the health gate
and the unit was put back; 1 failed; 2 bad arguments; 4 an update is running.`;

interface RollbackArgs {
  user: boolean;
  json: boolean;
  unit: string;
  to?: string;
  wait?: number;
}

function invalid(message: string): never {
  process.stderr.write(`quadctl rollback: ${message}\n`);
  process.exit(ExitCode.Invalid);
}

async function run(a: RollbackArgs): Promise<void> {
  const unit = /\.[a-z]+$/.test(a.unit) ? a.unit : `${a.unit}.service`;
  const lock = await lockOrExit(a, a.wait, 'rollback');
  try {
    const session = await openSession(a);
    try {
      const { podman, ports } = session.world;
      const containers = await systemdContainers(podman, unit);
      const entries = (await session.history.read()).entries;
      const [running]: Target[] = discoverTargets(containers, await inspectImages(podman, containers.map((c) => c.imageId)));
      const current = running ?? targetFromHistory(entries, unit);
      if (!current) invalid(`no running container for ${unit} (PODMAN_SYSTEMD_UNIT=${unit}) and no history of it`);
      if (!running) process.stderr.write(`quadctl rollback: ${unit} has no running container; going from its last recorded image ${current.image}\n`);
      const request = planManualRollback(entries, unit, a.to, current, (await ports.config.read(unit)).dropIn, 'manual');
      if ('error' in request) invalid(request.error);
      const outcome = await runTransaction(ports, request);
      const entry = (await session.history.read()).entries.find((e) => e.id === outcome.id);
      process.stdout.write(a.json && entry ? `${JSON.stringify(entryJson(entry), null, 2)}\n` : `${outcomeLine(outcome)}\n`);
      process.exitCode = outcome.result === 'updated' ? ExitCode.Ok : VERDICT_EXIT[outcome.result === 'rolled-back' ? 'rolled-back' : 'failed'];
    } finally {
      await session.close();
    }
  } finally {
    await lock.release();
  }
}

export const register: RegisterCommand = (cli) =>
  cli.command(
    'rollback <unit>',
    'Go back to an earlier recorded image of a unit, health-gated',
    (y) =>
      y
        .usage(`$0 rollback UNIT [--to ENTRY]\n\n${DESCRIPTION}`)
        .positional('unit', { type: 'string', demandOption: true, describe: 'The unit, e.g. web or web.service' })
        .option('to', { type: 'string', describe: 'History entry ID (or unique prefix) whose image to go back to' })
        .option('json', { type: 'boolean', default: false, describe: 'Print the resulting history entry as JSON' })
        .option('user', { type: 'boolean', default: false, describe: "The user's units and rootless Podman" })
        .option('wait', { type: 'number', describe: 'Wait up to this many seconds for a running update' })
        .example('$0 rollback web', 'undo the last update of web.service')
        .example('$0 rollback web --to lx3k2a9f1c', 'back to the image history entry lx3k2a9f1c left it on'),
    async (argv) => {
      await run({ user: argv.user, json: argv.json, unit: String(argv.unit), to: argv.to, wait: argv.wait });
    },
  );
