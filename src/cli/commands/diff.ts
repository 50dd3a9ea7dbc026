import type { RegisterCommand } from './index';
import { CONFIG_HELP, withConfigOptions, type ConfigArgs } from './config-options';

const DESCRIPTION = `Show what apply would change: a unified diff of the installed files against
the files the config renders to (new files against /dev/null, files quadctl
wrote earlier that the config no longer has against nothing). Files quadctl did
not write are never touched; one in the way is listed as a conflict.

${CONFIG_HELP}`;

export interface DiffArgs extends ConfigArgs {
  dir?: string;
  json: boolean;
}

export const register: RegisterCommand = (cli) =>
  cli.command(
    'diff',
    'Show what apply would change, as a unified diff',
    (y) =>
      withConfigOptions(y)
        .usage(`$0 diff [-c FILE] [options]\n\n${DESCRIPTION}`)
        .option('dir', { type: 'string', describe: 'Compare with this folder instead of the target\'s unit folder' })
        .option('json', { type: 'boolean', default: false, describe: 'Print {dir, target, add, change, remove, unchanged, conflicts, patch}' })
        .example('$0 diff -c /etc/quadctl/quadctl.ini', 'what `quadctl apply` would change'),
    async (argv) => (await import('../handlers/diff')).run(argv as unknown as DiffArgs),
  );
