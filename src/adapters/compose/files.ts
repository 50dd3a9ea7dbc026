// The files `quadctl import compose` reads: the compose files Compose would
// pick when none is named, and a reader for the core (a missing file is
// `undefined`, any other read error is thrown).
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, resolve } from 'node:path';
import type { ComposeReader } from '../../compose';

export const composeReader: ComposeReader = {
  read(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw new Error(`cannot read ${path}: ${code ?? (e as Error).message}`);
    }
  },
};

const DEFAULT_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
const OVERRIDE_NAMES = ['compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yaml', 'docker-compose.override.yml'];

/** -f files, else $COMPOSE_FILE, else compose.yaml (and its override file) in `cwd`, as Compose does; absolute paths. */
export function composeFiles(given: readonly string[], env: NodeJS.ProcessEnv, cwd: string): string[] {
  if (given.length > 0) return given.map((f) => resolve(cwd, f));
  if (env.COMPOSE_FILE) return env.COMPOSE_FILE.split(env.COMPOSE_PATH_SEPARATOR ?? delimiter).filter(Boolean).map((f) => resolve(cwd, f));
  const main = DEFAULT_NAMES.map((n) => resolve(cwd, n)).find((p) => existsSync(p));
  if (!main) return [];
  const override = OVERRIDE_NAMES.map((n) => resolve(cwd, n)).find((p) => existsSync(p));
  return override ? [main, override] : [main];
}
