import { inspectImages, systemdContainers } from '../../adapters/podman/inspect';
import { discoverTargets, entryJson, outcomeLine, planManualRollback, recordOutcomes, runTransaction, targetFromHistory, type Target, unitKey } from '../../update';
import { ExitCode } from '../exit-codes';
import { UsageError } from '../command-error';
import { historyKeep, takeUpdateLock, openSession, rotateHistory, VERDICT_EXIT } from './session';
import { jsonText } from '../json-output';

interface RollbackArgs {
  user: boolean;
  json: boolean;
  unit: string;
  to?: string;
  wait?: number;
  'history-keep'?: number;
}

/** Thrown, not exited on the spot: the lock is released on the way out. */
function invalid(message: string): never {
  throw new UsageError(`rollback: ${message}`);
}

export async function run(a: RollbackArgs): Promise<void> {
  const unit = unitKey(a.unit);
  const keep = historyKeep(a['history-keep'], 'rollback');
  const lock = await takeUpdateLock(a, a.wait, 'rollback');
  try {
    const session = await openSession(a);
    try {
      const { podman, ports } = session.world;
      // All of them: a pod member's restart unit is found through its pod's infra container.
      const containers = await systemdContainers(podman);
      const entries = (await session.history.read()).entries;
      const [running]: Target[] = discoverTargets(containers, await inspectImages(podman, containers.map((c) => c.imageId))).filter((t) => t.unit === unit);
      const current = running ?? targetFromHistory(entries, unit);
      if (!current) invalid(`no running container for ${unit} (PODMAN_SYSTEMD_UNIT=${unit}) and no history of it`);
      if (!running) process.stderr.write(`quadctl rollback: ${unit} has no running container; going from its last recorded image ${current.image}\n`);
      const request = planManualRollback(entries, unit, a.to, current, (await ports.config.read(unit)).dropIn, 'manual');
      if (!request.ok) invalid(request.error);
      const outcome = await runTransaction(ports, request.value);
      await recordOutcomes(ports, [outcome]);
      const entry = (await session.history.read()).entries.find((e) => e.id === outcome.id);
      const held = outcome.result === 'updated';
      if (a.json && entry) process.stdout.write(jsonText({ ...entryJson(entry), held }));
      else process.stdout.write(`${outcomeLine(outcome)}\n${held ? `${unit} is held on ${outcome.to.image}: updates leave it there until \`quadctl unhold ${a.unit}\`.\n` : ''}`);
      process.exitCode = outcome.result === 'updated' ? ExitCode.Ok : VERDICT_EXIT[outcome.result === 'rolled-back' ? 'rolled-back' : 'failed'];
      await rotateHistory(session, keep, 'rollback');
    } finally {
      await session.close();
    }
  } finally {
    await lock.release();
  }
}

