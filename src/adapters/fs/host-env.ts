// This host's environment for src/paths: HOME from the password database when the
// variable is unset, as os.homedir() finds it (a service started without HOME).
import { homedir } from 'node:os';
import type { PathEnv } from '../../paths';

export function hostEnv(env: NodeJS.ProcessEnv = process.env): PathEnv {
  return env.HOME ? env : { ...env, HOME: homedir() };
}
