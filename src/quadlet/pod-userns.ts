// User-namespace arguments shared by .pod and .kube: the explicit keys (UserNS=,
// UIDMap=, …) or the deprecated RemapUsers=/RemapUid=/RemapGid=/RemapUidSize=,
// never both. The checks and their messages follow Quadlet 5.4 (see pod.test.ts).
import type { UnitFile } from '../unitfile';
import { emitFlags, type FlagRule } from './common/flag-tables';
import { lookupValues } from './common/lookups';
import { QuadletError } from './types';
import { numericId } from './volume-ids';

interface RemapInput {
  readonly uids: readonly string[];
  readonly gids: readonly string[];
  readonly size: number;
}

type RemapMode = (input: RemapInput) => string[];

function userns(mode: string, options: readonly string[]): string[] {
  return ['--userns', options.length === 0 ? mode : `${mode}:${options.join(',')}`];
}

function single(values: readonly string[], what: string): string | undefined {
  if (values.length > 1) throw new QuadletError(`RemapUsers=keep-id supports only a single value for ${what} mapping`);
  return values[0];
}

const MODES: Readonly<Record<string, RemapMode>> = {
  manual: ({ uids, gids }) => [...uids.flatMap((m) => ['--uidmap', m]), ...gids.flatMap((m) => ['--gidmap', m])],
  auto: ({ uids, gids, size }) => userns('auto', [
    ...uids.map((m) => `uidmapping=${m}`), ...gids.map((m) => `gidmapping=${m}`), ...(size > 0 ? [`size=${size}`] : []),
  ]),
  'keep-id': ({ uids, gids }) => {
    const uid = single(uids, 'UID');
    const gid = single(gids, 'GID');
    return userns('keep-id', [...(uid === undefined ? [] : [`uid=${uid}`]), ...(gid === undefined ? [] : [`gid=${gid}`])]);
  },
};

/** Present at all, even as an empty assignment. */
const REMAP_PRESENCE_KEYS = ['RemapUsers', 'RemapUid', 'RemapGid'];

function remapArgs(unit: UnitFile, group: string, modes: readonly string[]): string[] {
  const mode = unit.lookup(group, 'RemapUsers') ?? '';
  const input: RemapInput = {
    uids: lookupValues(unit, group, 'RemapUid', 'strv'),
    gids: lookupValues(unit, group, 'RemapGid', 'strv'),
    size: numericId(unit.lookup(group, 'RemapUidSize') ?? ''),
  };
  if (mode === '') {
    if (input.uids.length > 0) throw new QuadletError('UidMap set without RemapUsers');
    if (input.gids.length > 0) throw new QuadletError('GidMap set without RemapUsers');
    return [];
  }
  const build = MODES[mode];
  if (build === undefined) throw new QuadletError(`unsupported RemapUsers option '${mode}'`);
  if (!modes.includes(mode)) throw new QuadletError(`RemapUsers=${mode} is not supported`);
  return build(input);
}

/**
 * The user-namespace arguments: the explicit rules' flags, or what the Remap* keys
 * stand for. `remapModes` lists the RemapUsers= values this command can express.
 */
export function userNamespaceArgs(unit: UnitFile, group: string, explicit: readonly FlagRule[], remapModes: readonly string[] = Object.keys(MODES)): string[] {
  const explicitArgs = emitFlags(unit, group, explicit);
  if (explicitArgs.length > 0 && REMAP_PRESENCE_KEYS.some((k) => unit.hasKey(group, k))) {
    throw new QuadletError('deprecated Remap keys are set along with explicit mapping keys');
  }
  return [...explicitArgs, ...remapArgs(unit, group, remapModes)];
}
