import type { RegisterCommand } from './register';
import { CONFIG_HELP, withConfigOptions } from './config-options';
import type { DiffArgs } from '../handlers/diff';

const DESCRIPTION = `Show what apply would change: a unified diff of the installed files against
the files the config renders to — config and the updater's resolved images
together, as apply renders them (new files against /dev/null; with --prune, files
quadctl wrote earlier that the config no longer has against nothing). Files
quadctl did not write are never touched; one in the way is listed as a conflict.

Lines starting with # before the diff name every override: a container that
runs the image the updater resolved within its policy instead of the config's
(and whether it is held), a resolution the config superseded, a frozen
ExecStart drop-in of an earlier quadctl, a unit that left the config.

Exit status: 0 (with --exit-code: 0 nothing to change, 1 changes), 2 invalid config.

${CONFIG_HELP}`;

export const register: RegisterCommand = (cli) =>
  cli.command(
    'diff',
    'Show what apply would change, as a unified diff',
    (y) =>
      withConfigOptions(y)
        .usage(`$0 diff [-c FILE] [options]\n\n${DESCRIPTION}`)
        .option('dir', { type: 'string', describe: 'Compare with this folder instead of the target\'s unit folder' })
        .option('prune', { type: 'boolean', default: false, describe: 'Diff as apply --prune would change: units that left the config against nothing' })
        .option('exit-code', { type: 'boolean', default: false, describe: 'Exit 1 when apply would change something (as git diff --exit-code)' })
        .option('json', { type: 'boolean', default: false, describe: 'Print {dir, target, add, change, remove, unchanged, leftConfig, conflicts, resolved, legacyDropIns, patch}' })
        .example('$0 diff -c /etc/quadctl/quadctl.ini', 'what `quadctl apply` would change'),
    async (argv) => (await import('../handlers/diff')).run(argv as unknown as DiffArgs),
  );
