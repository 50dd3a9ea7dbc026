// An update run (the timer's too) is judged beside `podman auto-update` for memory
// (issue 19), and spends its time waiting on registries, podman and health checks:
// V8's optimising compilers earn nothing there, yet compiling with them pages in
// some 9 MiB of their own machine code, and V8 grows its young generation from 1 to
// 16 MiB per semi-space as soon as garbage comes quickly (D-Bus signals, podman's
// JSON) and keeps it. Interpreter and baseline code only, young generation kept at
// its first size: an update run's node holds ~16 MiB less (102 → 86 MiB on Node 24
// for a dry run over 20 units; bench/update-vs-auto-update.sh for a whole run).
// The flags must be set before the CLI's own code loads: set once the update handler
// is imported, the compilers have already run on the loader and yargs and the pages
// are in (measured: no change). Hence bin/quadctl requires src/cli/update-runtime.ts
// (built alone) before anything else.

/** V8 flags for an update run (test/unit/update/lean-runtime.test.ts checks that this Node knows and obeys them). */
export const UPDATE_RUN_V8_FLAGS: readonly string[] = ['--semi-space-growth-factor=1', '--no-opt', '--no-maglev'];

/** The command a quadctl argument list runs: its first word that is not an option (quadctl's global options take no value). */
export function commandOf(args: readonly string[]): string | undefined {
  return args.find((a) => !a.startsWith('-'));
}
