// From 5.5, Quadlet reads the user's [Unit] dependencies on other Quadlet files
// (Requires=db.container, After=net.network) as dependencies on their services.
import { UNIT_TYPES } from '../../config/catalog/quadlet-keys';
import type { UnitFile } from '../../unitfile';
import { KINDS } from '../names';
import { QuadletError, type TranslateContext, type UnitKind } from '../types';
import { lookupWords, QUADLET_STRV_SPLIT } from './split';

const DEPENDENCY_KEYS = [
  'After', 'Before', 'BindsTo', 'Conflicts', 'OnFailure', 'OnSuccess', 'PartOf', 'PropagatesReloadTo',
  'PropagatesStopTo', 'ReloadPropagatedFrom', 'Requires', 'Requisite', 'StopPropagatedFrom', 'Upholds', 'Wants',
];

const EXTENSIONS: ReadonlyMap<string, UnitKind> = new Map((Object.keys(KINDS) as UnitKind[]).map((k) => [KINDS[k].extension, k]));

/** Whether a dependency names a Quadlet file of a type this level knows (Go's filepath.Ext). */
function isQuadletFile(name: string, ctx: TranslateContext): boolean {
  const dot = name.lastIndexOf('.');
  const kind = dot < 0 || name.indexOf('/', dot) >= 0 ? undefined : EXTENSIONS.get(name.slice(dot));
  return kind !== undefined && ctx.level.knows(UNIT_TYPES[kind].since);
}

/** Rewrites a key whose values name Quadlet files as one line of service names (Quadlet's layout). */
export function translateDependencies(service: UnitFile, ctx: TranslateContext): void {
  if (!ctx.level.has('translate-dependencies')) return;
  let present = service.keySet('Unit');
  for (const key of DEPENDENCY_KEYS) {
    if (!present.has(key)) continue;
    const deps = lookupWords(service, 'Unit', key, QUADLET_STRV_SPLIT);
    if (!deps.some((d) => isQuadletFile(d, ctx))) continue;
    const translated = deps.map((dep) => {
      if (!isQuadletFile(dep, ctx)) return dep;
      const info = ctx.unitInfo(dep);
      if (info === undefined) throw new QuadletError(`unable to translate dependency for ${dep}`);
      return `${info.serviceName}.service`;
    });
    service.unset('Unit', key);
    service.add('Unit', key, translated.join(' '));
    present = service.keySet('Unit');
  }
}
