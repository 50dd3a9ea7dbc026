// A generator lives for a fraction of a second on every daemon-reload, often next to
// other generators: V8's optimising compiler would finish its work only after a long
// run's hot loops are done, and competes with the writer thread for CPU, so long runs
// stay on V8's baseline tiers (measured at 1,000 units: 217 ms, against 321 with the
// optimiser; at 100: 66 against 71). QUADCTL_GENERATOR_V8_OPT=1 keeps the optimiser.
// Short runs never reach it, and loading node:v8 alone costs more than a one-unit
// run's own work, so they leave the flag alone.
const BASELINE_ONLY_FROM_UNITS = 50;

export function stayOnBaselineTiers(units: number, env: NodeJS.ProcessEnv): void {
  if (units < BASELINE_ONLY_FROM_UNITS || env.QUADCTL_GENERATOR_V8_OPT) return;
  const { setFlagsFromString } = require('node:v8') as typeof import('node:v8');
  setFlagsFromString('--no-opt');
}
