// Loads the unit templates: the bundled templates/ folder, each file replaceable
// from a --templates DIR.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UNIT_KINDS } from '../../config';
import type { TemplateSet } from '../../render';

/** templates/ of the installed package: found by walking up from this code (bundled or not). */
export function bundledTemplatesDir(from: string = __filename): string {
  let dir = dirname(from);
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'templates');
    if (existsSync(join(candidate, 'container.hbs'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`cannot find quadctl's templates/ folder above ${from}`);
}

export function loadTemplates(overrideDir?: string): TemplateSet {
  const bundled = bundledTemplatesDir();
  const entries = UNIT_KINDS.map((kind) => {
    const own = overrideDir === undefined ? undefined : resolve(overrideDir, `${kind}.hbs`);
    const path = own !== undefined && existsSync(own) ? own : join(bundled, `${kind}.hbs`);
    return [kind, readFileSync(path, 'utf8')] as const;
  });
  return Object.fromEntries(entries) as TemplateSet;
}
