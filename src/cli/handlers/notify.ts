import { hostname } from 'node:os';
import { NOTIFY_EVENTS } from '../../config';
import { notifyAll } from '../../adapters/notify/send';
import { testPayload } from '../../notify/payload';
import { CommandError } from '../command-error';
import { ExitCode } from '../exit-codes';
import { jsonText } from '../json-output';
import { announceFiles, loadAnnounceFiles, printSendResults } from './announce';

interface NotifyTestArgs {
  user: boolean;
  json: boolean;
  config?: string;
  name?: string;
}

export async function run(a: NotifyTestArgs): Promise<void> {
  const { notify } = loadAnnounceFiles('notify test', a);
  const targets = notify.filter((t) => a.name === undefined || t.name === a.name).map((t) => ({ ...t, events: NOTIFY_EVENTS }));
  if (targets.length === 0) {
    const where = announceFiles(a).join(' or ');
    throw new CommandError('notify test', a.name ? `no [notify.${a.name}] in ${where}${notify.length ? `; there are ${notify.map((t) => t.name).join(', ')}` : ''}` : `no [notify.NAME] section in ${where}`, ExitCode.Invalid);
  }
  const now = Date.now();
  const results = await notifyAll(targets, testPayload({ host: hostname(), startedAt: now, finishedAt: now, trigger: 'manual' }));
  if (a.json) process.stdout.write(jsonText({ results }));
  else printSendResults(results, (line) => void process.stdout.write(`${line}\n`));
  process.exitCode = results.every((r) => r.ok) ? ExitCode.Ok : ExitCode.Failure;
}
