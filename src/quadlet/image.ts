// [Image] -> a oneshot service running `podman image pull ... IMAGE`.
import type { UnitFile } from '../unitfile';
import { emitBools, emitFlags, type BoolRule, type FlagRule } from './common/flag-tables';
import { trimQuotes } from './common/lookups';
import { podmanArgs } from './common/podman-command';
import { oneshotService } from './common/service';
import { REGISTRY_AUTH_FLAGS, RETRY_FLAGS, TLS_VERIFY } from './pull-flags';
import { QuadletError, type TranslateContext, type TypeModule, type UnitInfo } from './types';

const G = 'Image';

/** Single-valued pull options, in command-line order. */
const SCALARS: readonly FlagRule[] = [
  { key: 'Arch', flag: '--arch', lookup: 'last' },
  ...REGISTRY_AUTH_FLAGS,
  { key: 'OS', flag: '--os', lookup: 'last' },
  { key: 'Variant', flag: '--variant', lookup: 'last' },
  { key: 'Policy', flag: '--policy', lookup: 'last' },
  ...RETRY_FLAGS,
];

/** Written once the key is present: true -> --flag, anything else -> --flag=false. */
const BOOLS: readonly BoolRule[] = [
  { key: 'AllTags', whenTrue: ['--all-tags'], whenFalse: ['--all-tags=false'] },
  TLS_VERIFY,
];

/** Image= is required and non-empty (a short name was warned about before, in translate.ts). */
function imageToPull(info: UnitInfo): string {
  const raw = info.unit.lookup(G, 'Image');
  if (raw === undefined) throw new QuadletError('no Image key specified');
  const image = trimQuotes(raw);
  if (image === '') throw new QuadletError('no Image key specified');
  return image;
}

function translate(info: UnitInfo, ctx: TranslateContext): UnitFile {
  const { unit } = info;
  return oneshotService(info, G, ctx, () => {
    const image = imageToPull(info);
    return ['image', 'pull', ...emitFlags(unit, G, SCALARS), ...emitBools(unit, G, BOOLS), ...podmanArgs(unit, G), image];
  });
}

export const imageModule: TypeModule = { kind: 'image', group: G, translate };
