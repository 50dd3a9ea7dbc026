import type { RegisterCommand } from './register';
import { CONFIG_HELP, withConfigOptions } from './config-options';
import type { ValidateArgs } from '../handlers/validate';

const DESCRIPTION = `Check a config without writing anything: syntax, keys (with a "did you
mean" for typos), values (ports, durations, booleans, sizes, image references,
semver ranges), references between units and name collisions. The units are
rendered in memory too, for the target apply would use (auto: this host's
Podman when it has one, else Quadlet), so a key the host's Podman lacks is
reported with the version it needs.

${CONFIG_HELP}`;

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
    async (argv) => (await import('../handlers/validate')).run(argv as unknown as ValidateArgs),
  );
