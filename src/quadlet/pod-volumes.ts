// Volume=[SOURCE:]DEST[:OPTIONS] for `podman pod create` and `podman build`, read the
// way Quadlet reads them for containers: a .volume source becomes that volume's Podman
// name (with a dependency on its service), a ./relative host path becomes absolute,
// and host paths are added to RequiresMountsFor= so systemd mounts them first.
import type { UnitFile } from '../unitfile';
import { lookupValues } from './common/lookups';
import { resolveHostSource } from './common/paths';
import { resolveSource } from './common/references';
import type { TranslateContext, UnitInfo } from './types';

function volumeArg(value: string, info: UnitInfo, service: UnitFile, ctx: TranslateContext): string[] {
  const parts = value.split(':');
  if (parts.length < 2) return ['-v', value];
  const source = resolveSource(parts[0], service, ctx) ?? resolveHostSource(info.path, parts[0]);
  if (source.startsWith('/')) service.add('Unit', 'RequiresMountsFor', source);
  // A .volume unit that failed to convert has no name; Quadlet then writes just DEST[:OPTIONS].
  return ['-v', (source === '' ? parts.slice(1) : [source, ...parts.slice(1)]).join(':')];
}

/** `-v VALUE` for every Volume= of the group, dependencies added to the service. */
export function volumeArgs(info: UnitInfo, group: string, service: UnitFile, ctx: TranslateContext): string[] {
  return lookupValues(info.unit, group, 'Volume', 'all').flatMap((v) => volumeArg(v, info, service, ctx));
}
