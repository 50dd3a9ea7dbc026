// What every command module exports: a function adding itself to the yargs instance.
// Apart from index.ts, which lists the commands, so that a command never imports its list.
import type { Argv } from 'yargs';

export type RegisterCommand = (cli: Argv) => Argv;
