// What a [section] header names: the defaults for everything, the defaults for
// one unit type, or one unit.
import { UNIT_KINDS } from './catalog/quadlet-keys';
import type { UnitKind } from './catalog/types';
import { didYouMean } from './suggest';
import { failed, ok, type Result } from '../result';

export type SectionTarget =
  | { readonly scope: 'defaults' }
  | { readonly scope: 'type-defaults'; readonly kind: UnitKind }
  | { readonly scope: 'unit'; readonly kind: UnitKind; readonly name: string };

/** Unit names become file and service names: keep them to what both allow. */
const UNIT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;

const isKind = (s: string): s is UnitKind => (UNIT_KINDS as string[]).includes(s);

export function classifySection(name: string): Result<SectionTarget> {
  if (name === 'defaults') return ok({ scope: 'defaults' });
  const dot = name.indexOf('.');
  const head = dot < 0 ? name : name.slice(0, dot);
  const rest = dot < 0 ? '' : name.slice(dot + 1);
  if (head === 'defaults') {
    if (isKind(rest)) return ok({ scope: 'type-defaults', kind: rest });
    return failed(`unknown section [${name}]: per-type defaults are [defaults.TYPE] with TYPE one of ${UNIT_KINDS.join(', ')}${didYouMean(rest, UNIT_KINDS)}`);
  }
  if (!isKind(head)) {
    return failed(`unknown section [${name}]: sections are [defaults], [defaults.TYPE] and [TYPE.NAME] with TYPE one of ${UNIT_KINDS.join(', ')}${didYouMean(head, [...UNIT_KINDS, 'defaults'])}`);
  }
  if (rest === '') return failed(`section [${name}] needs a unit name: [${head}.NAME]`);
  if (!UNIT_NAME.test(rest) || rest.endsWith(`.${head}`)) {
    return failed(`unit name ${JSON.stringify(rest)} is not usable as a file name: use letters, digits and _ . : - (and do not repeat the .${head} suffix)`);
  }
  return ok({ scope: 'unit', kind: head, name: rest });
}
