// Reads the env files (EnvironmentFile=) an export turns into ConfigMaps.
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseEnvFile } from '../../config';

interface EnvFiles {
  /** Path as written in the config → its variables. */
  readonly files: Map<string, Record<string, string>>;
  /** Files that could not be read or parsed, with the reason. */
  readonly problems: string[];
}

export function readEnvFiles(paths: readonly string[], baseDir: string): EnvFiles {
  const files = new Map<string, Record<string, string>>();
  const problems: string[] = [];
  for (const p of paths) {
    const full = isAbsolute(p) ? p : resolve(baseDir, p);
    let text: string;
    try {
      text = readFileSync(full, 'utf8');
    } catch (e) {
      problems.push(`${full}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      continue;
    }
    const { env, errors } = parseEnvFile(text);
    if (errors.length > 0) problems.push(...errors.map((x) => `${full}:${x.line}: ${x.message}`));
    else files.set(p, env);
  }
  return { files, problems };
}
