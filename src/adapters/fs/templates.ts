// Loads the unit templates: the bundled templates/unit.hbs for every type, which a
// --templates DIR replaces with its own unit.hbs (every type) or TYPE.hbs (one type).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UNIT_KINDS } from '../../config';
import type { TemplateSet } from '../../render';

/** The one template every type shares. */
const UNIT_TEMPLATE = 'unit.hbs';

/** templates/ of the installed package: found by walking up from this code (bundled or not). */
function bundledTemplatesDir(from: string = __filename): string {
  let dir = dirname(from);
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'templates');
    if (existsSync(join(candidate, UNIT_TEMPLATE))) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`cannot find quadctl's templates/ folder above ${from}`);
}

/** The first of DIR/TYPE.hbs, DIR/unit.hbs and the bundled unit.hbs, per type. */
export function loadTemplates(overrideDir?: string): TemplateSet {
  const bundled = readFileSync(join(bundledTemplatesDir(), UNIT_TEMPLATE), 'utf8');
  const own = (name: string): string | undefined => {
    if (overrideDir === undefined) return undefined;
    const path = resolve(overrideDir, name);
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  };
  const shared = own(UNIT_TEMPLATE) ?? bundled;
  return Object.fromEntries(UNIT_KINDS.map((kind) => [kind, own(`${kind}.hbs`) ?? shared])) as TemplateSet;
}
