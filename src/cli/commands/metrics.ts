import type { RegisterCommand } from './register';

const DESCRIPTION = `Print quadctl's Prometheus metrics: the same text \`quadctl update\` writes to
the [metrics] textfile after each run (for node_exporter's textfile collector):
the last run's time, duration and result, and per unit the image it runs, a
pending update, a hold, and counters of updates, rollbacks and failures.
Nothing is asked of a registry: the state is the last run's, and the history's.
More: docs/metrics.md.`;

export const register: RegisterCommand = (cli) =>
  cli.command(
    'metrics',
    'Print the Prometheus metrics the [metrics] textfile holds',
    (y) =>
      y
        .usage(`$0 metrics [--user]\n\n${DESCRIPTION}`)
        .option('user', { type: 'boolean', default: false, describe: 'The per-user state (~/.local/state/quadctl)' })
        .example('$0 metrics | promtool check metrics', 'check the exposition'),
    async (argv) => {
      const { run } = await import('../handlers/metrics');
      await run({ user: argv.user });
    },
  );
