// Command-line parsing with Go's flag-package rules, as Podman's quadlet uses:
// -flag and --flag are the same, -flag=false is allowed, parsing stops at the
// first non-flag word.
import { UsageError } from './command-error';

export interface GeneratorArgs {
  readonly user: boolean;
  readonly dryrun: boolean;
  readonly noKmsgLog: boolean;
  readonly verbose: boolean;
  readonly version: boolean;
  readonly help: boolean;
  /** NORMAL_DIR [EARLY_DIR LATE_DIR]. */
  readonly dirs: string[];
}

const FLAGS: Readonly<Record<string, keyof Omit<GeneratorArgs, 'dirs'>>> = {
  user: 'user', dryrun: 'dryrun', 'no-kmsg-log': 'noKmsgLog', v: 'verbose', version: 'version', h: 'help', help: 'help',
};

export const USAGE = `Usage: quadctl-generator [-user] [-dryrun] [-no-kmsg-log] [-v] [-version] NORMAL_DIR [EARLY_DIR LATE_DIR]

A Quadlet-compatible systemd generator (Podman Quadlet 5.4 semantics). It reads
*.container, *.pod, *.network, *.volume, *.image, *.build and *.kube files from the
Quadlet search path (or QUADLET_UNIT_DIRS, colon-separated) and writes one .service
per file into NORMAL_DIR, plus the [Install] symlinks.

  -user         Run as systemd user generator (user search path, rootless defaults)
  -dryrun       Print the generated units to stdout instead of writing them
  -no-kmsg-log  Log to stderr instead of /dev/kmsg
  -v            Print debug information
  -version      Print version information and exit

Install: link this executable as /usr/lib/systemd/system-generators/podman-system-generator
(or .../user-generators/podman-user-generator) and run "systemctl daemon-reload".
Exit status: 0 all units generated, 1 some unit failed, 2 bad command line.`;

function parseBool(name: string, value: string): boolean {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  throw new UsageError(`invalid boolean value "${value}" for -${name}`);
}

export function parseGeneratorArgs(argv: readonly string[]): GeneratorArgs {
  const out: Record<string, boolean> = {};
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') { i++; break; }
    if (!arg.startsWith('-') || arg === '-') break;
    const body = arg.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    const field = FLAGS[name];
    if (field === undefined) throw new UsageError(`flag provided but not defined: ${arg.slice(0, arg.length - body.length)}${name}`);
    out[field] = eq < 0 ? true : parseBool(name, body.slice(eq + 1));
  }
  return {
    user: out.user ?? false, dryrun: out.dryrun ?? false, noKmsgLog: out.noKmsgLog ?? false,
    verbose: out.verbose ?? false, version: out.version ?? false, help: out.help ?? false,
    dirs: argv.slice(i),
  };
}
