// bin/quadctl requires this (built alone as dist/quadctl-start.cjs) before it loads
// the CLI, so that an update run's V8 flags are set before Node's module loader,
// yargs and the command table are compiled (src/adapters/lean-runtime.ts says why).
// node:v8 is loaded only for that command.
import { commandOf, UPDATE_RUN_V8_FLAGS } from '../adapters/lean-runtime';

if (commandOf(process.argv.slice(2)) === 'update') {
  const { setFlagsFromString } = require('node:v8') as typeof import('node:v8');
  for (const flag of UPDATE_RUN_V8_FLAGS) setFlagsFromString(flag);
}
