// Where quadctl keeps its state: /var/lib/quadctl for the system, the XDG
// state directory (~/.local/state/quadctl) with --user. QUADCTL_STATE_DIR
// overrides both (tests, unusual layouts).
import { homedir } from 'node:os';
import { join } from 'node:path';

export function stateDir(user: boolean, env: NodeJS.ProcessEnv = process.env): string {
  if (env.QUADCTL_STATE_DIR) return env.QUADCTL_STATE_DIR;
  if (!user) return '/var/lib/quadctl';
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'quadctl');
}

export const HISTORY_FILE = 'history.jsonl';
