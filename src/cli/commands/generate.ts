import type { RegisterCommand } from './register';
import { CONFIG_HELP, withConfigOptions } from './config-options';
import type { GenerateArgs } from '../handlers/generate';

const DESCRIPTION = `Render the config into unit files, into a folder (-o DIR) or to stdout (-o -).

Writing into a folder is all or nothing, and only touches files quadctl wrote for
the same config: files from an earlier run that the config no longer has are
removed, any other file in the way stops it before anything is written.

${CONFIG_HELP}`;

export const register: RegisterCommand = (cli) =>
  cli.command(
    'generate',
    'Render the config into Quadlet files or systemd units',
    (y) =>
      withConfigOptions(y)
        .usage(`$0 generate [-c FILE] [-o DIR|-] [options]\n\n${DESCRIPTION}`)
        .option('output', { alias: 'o', type: 'string', default: '-', describe: 'Folder to write into, or - for stdout' })
        .option('summary', { type: 'boolean', default: false, describe: 'Also print a table: unit, type, file, service, image/ports, update policy' })
        .option('json', { type: 'boolean', default: false, describe: 'Machine-readable output (the files, or what was written)' })
        .example('$0 generate -c quadctl.ini -o out --target quadlet --summary', 'Quadlet files into ./out, with a table')
        .example('$0 generate -c quadctl.ini --target systemd --podman-version 4.3.1', 'the .service units a Debian 12 host needs, on stdout'),
    async (argv) => (await import('../handlers/generate')).run(argv as unknown as GenerateArgs),
  );
