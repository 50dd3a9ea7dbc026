// A command that only holds subcommands (`import compose`, `export kube`, `notify test`,
// `timer enable|disable|status`): its usage line, and naming none is a usage error.
import type { Argv } from 'yargs';

interface CommandGroup {
  readonly name: string;
  readonly describe: string;
  /** The group's own usage line (without it yargs shows the subcommands only). */
  readonly usage?: string;
  /** The message when no subcommand is named. */
  readonly demand: string;
}

export function commandGroup(cli: Argv, group: CommandGroup, subcommands: (y: Argv) => Argv): Argv {
  return cli.command(group.name, group.describe, (y) => subcommands(group.usage === undefined ? y : y.usage(group.usage)).demandCommand(1, group.demand));
}
