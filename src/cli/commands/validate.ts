import { formatIssue, type ConfigIssue } from '../../config';
import { podmanVersion } from '../../adapters/podman/version';
import { ExitCode } from '../exit-codes';
import { CONFIG_HELP, loadConfigFile, renderFor, withConfigOptions, type ConfigArgs } from './config-common';
import type { RegisterCommand } from './index';

const DESCRIPTION = `Check a config without writing anything: syntax, keys (with a "did you
mean" for typos), values (ports, durations, booleans, sizes, image references,
semver ranges), references between units and name collisions. The units are
rendered in memory too, for the target apply would use (auto: this host's
Podman when it has one, else Quadlet), so a key the host's Podman lacks is
reported with the version it needs.

${CONFIG_HELP}`;

interface ValidateArgs extends ConfigArgs {
  json: boolean;
}

function report(args: ValidateArgs, issues: readonly ConfigIssue[], units: number): void {
  if (args.json) process.stdout.write(`${JSON.stringify({ ok: issues.length === 0, units, issues }, null, 2)}\n`);
  else if (issues.length > 0) process.stderr.write(`${issues.map(formatIssue).join('\n')}\n`);
}

async function run(args: ValidateArgs): Promise<void> {
  const { path, config, issues } = loadConfigFile('validate', args);
  if (!config) {
    report(args, issues, 0);
    if (!args.json) process.stderr.write(`quadctl validate: ${issues.length} problem${issues.length === 1 ? '' : 's'} in ${path}\n`);
    process.exit(ExitCode.Invalid);
  }
  // auto: check against this host's Podman when there is one, else for the Quadlet target.
  const detected = args.target === 'auto' && !args['podman-version'] ? await podmanVersion(args.podman === '/usr/bin/podman' ? 'podman' : args.podman).catch(() => undefined) : args['podman-version'];
  const target = args.target === 'auto' && detected === undefined ? 'quadlet' : args.target;
  const rendered = await renderFor('validate', { ...args, target, 'podman-version': detected });
  report(args, [], rendered.config.units.length);
  if (!args.json) process.stdout.write(`${path}: ${rendered.config.units.length} units, valid for the ${rendered.target} target\n`);
}

export const register: RegisterCommand = (cli) =>
  cli.command(
    'validate',
    'Check a config and report every problem with file:line and key',
    (y) =>
      withConfigOptions(y)
        .usage(`$0 validate [-c FILE] [options]\n\n${DESCRIPTION}`)
        .option('json', { type: 'boolean', default: false, describe: 'Print {ok, units, issues: [{file, line, section, key, message}]}' })
        .example('$0 validate -c quadctl.ini', 'check the config for this host')
        .example('$0 validate -c quadctl.ini --target systemd', 'also check the units against this host\'s Podman'),
    async (argv) => run(argv as unknown as ValidateArgs),
  );
