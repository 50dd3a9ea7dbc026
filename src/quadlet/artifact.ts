// [Artifact] (Podman 5.7+) -> a oneshot service running `podman artifact pull ... ARTIFACT`.
// Containers mount it with Mount=type=artifact,source=NAME.artifact,...
import type { UnitFile } from '../unitfile';
import { emitBools, emitFlags, type BoolRule, type FlagRule } from './common/flag-tables';
import { lookupLast } from './common/lookups';
import { globalArgs, PodmanCommand, podmanArgs } from './common/podman-command';
import { addOneshotDefaults, beginService } from './common/service';
import { REGISTRY_AUTH_FLAGS, RETRY_FLAGS, TLS_VERIFY } from './pull-flags';
import { QuadletError, type TranslateContext, type TypeModule, type UnitInfo } from './types';

const G = 'Artifact';

const SCALARS: readonly FlagRule[] = [...REGISTRY_AUTH_FLAGS, ...RETRY_FLAGS];

const BOOLS: readonly BoolRule[] = [{ key: 'Quiet', whenTrue: ['--quiet'], whenFalse: ['--quiet=false'] }, TLS_VERIFY];


function translate(info: UnitInfo, ctx: TranslateContext): UnitFile {
  const { unit } = info;
  const service = beginService(info, G, ctx);
  const artifact = lookupLast(unit, G, 'Artifact');
  if (artifact === undefined) throw new QuadletError('no Artifact key specified');
  const pull = new PodmanCommand(ctx.options.podman, globalArgs(unit, G)).add(
    'artifact', 'pull', ...emitFlags(unit, G, SCALARS), ...emitBools(unit, G, BOOLS), ...podmanArgs(unit, G), artifact,
  );
  service.add('Service', 'ExecStart', pull.toExec());
  addOneshotDefaults(service, info);
  return service;
}

export const artifactModule: TypeModule = { kind: 'artifact', group: G, translate };
