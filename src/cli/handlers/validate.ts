import { formatIssue, type ConfigIssue } from '../../config';
import { podmanVersion } from '../../adapters/podman/version';
import { CommandError } from '../command-error';
import { ExitCode } from '../exit-codes';
import { loadConfigFile, renderFor } from './config-common';
import { jsonText } from '../json-output';
import type { ConfigArgs } from '../commands/config-options';

export interface ValidateArgs extends ConfigArgs {
  json: boolean;
}

function report(args: ValidateArgs, issues: readonly ConfigIssue[], units: number): void {
  if (args.json) process.stdout.write(jsonText({ ok: issues.length === 0, units, issues }));
}

export async function run(args: ValidateArgs): Promise<void> {
  const { path, config, issues } = loadConfigFile('validate', args);
  if (!config) {
    report(args, issues, 0);
    // With --json the object on stdout is the whole answer.
    if (args.json) throw new CommandError('validate', '', ExitCode.Invalid);
    throw new CommandError('validate', `${issues.length} problem${issues.length === 1 ? '' : 's'} in ${path}`, ExitCode.Invalid, issues.map(formatIssue));
  }
  // auto: check against this host's Podman when there is one, else for the Quadlet target.
  const detected = args.target === 'auto' && !args['podman-version'] ? await podmanVersion(args.podman === '/usr/bin/podman' ? 'podman' : args.podman).catch(() => undefined) : args['podman-version'];
  const target = args.target === 'auto' && detected === undefined ? 'quadlet' : args.target;
  const rendered = await renderFor('validate', { ...args, target, 'podman-version': detected });
  report(args, [], rendered.config.units.length);
  if (!args.json) process.stdout.write(`${path}: ${rendered.config.units.length} units, valid for the ${rendered.target} target\n`);
}

