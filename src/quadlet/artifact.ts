// [Artifact] (Podman 5.7+) -> a oneshot service running `podman artifact pull ... ARTIFACT`.
// Containers mount it with Mount=type=artifact,source=NAME.artifact,...
import type { UnitFile } from '../unitfile';
import { emitBools, emitFlags, type BoolRule, type FlagRule } from './common/flag-tables';
import { lookupLast } from './common/lookups';
import { podmanArgs } from './common/podman-command';
import { oneshotService } from './common/service';
import { REGISTRY_AUTH_FLAGS, RETRY_FLAGS, TLS_VERIFY } from './pull-flags';
import { QuadletError, type TranslateContext, type TypeModule, type UnitInfo } from './types';

const G = 'Artifact';

const SCALARS: readonly FlagRule[] = [...REGISTRY_AUTH_FLAGS, ...RETRY_FLAGS];

const BOOLS: readonly BoolRule[] = [{ key: 'Quiet', whenTrue: ['--quiet'], whenFalse: ['--quiet=false'] }, TLS_VERIFY];

function pullArgs(unit: UnitFile): string[] {
  const artifact = lookupLast(unit, G, 'Artifact');
  if (artifact === undefined) throw new QuadletError('no Artifact key specified');
  return ['artifact', 'pull', ...emitFlags(unit, G, SCALARS), ...emitBools(unit, G, BOOLS), ...podmanArgs(unit, G), artifact];
}

function translate(info: UnitInfo, ctx: TranslateContext): UnitFile {
  return oneshotService(info, G, ctx, () => pullArgs(info.unit));
}

export const artifactModule: TypeModule = { kind: 'artifact', group: G, translate };
