// [Artifact] (Podman 5.7+) -> a oneshot service running `podman artifact pull ... ARTIFACT`.
// Containers mount it with Mount=type=artifact,source=NAME.artifact,...
import type { UnitFile } from '../unitfile';
import { emitBools, emitFlags, type BoolRule, type FlagRule } from './common/flag-tables';
import { lookupLast } from './common/lookups';
import { globalArgs, PodmanCommand, podmanArgs } from './common/podman-command';
import { addDefaultDependencies, addSourcePath, setDefault, startService } from './common/service';
import { QuadletError, type TranslateContext, type TypeModule, type UnitInfo } from './types';

const G = 'Artifact';

const SCALARS: readonly FlagRule[] = [
  { key: 'AuthFile', flag: '--authfile', lookup: 'last' },
  { key: 'CertDir', flag: '--cert-dir', lookup: 'last' },
  { key: 'Creds', flag: '--creds', lookup: 'last' },
  { key: 'DecryptionKey', flag: '--decryption-key', lookup: 'last' },
  { key: 'Retry', flag: '--retry', lookup: 'last' },
  { key: 'RetryDelay', flag: '--retry-delay', lookup: 'last' },
];

const BOOLS: readonly BoolRule[] = [
  { key: 'Quiet', whenTrue: ['--quiet'], whenFalse: ['--quiet=false'] },
  { key: 'TLSVerify', whenTrue: ['--tls-verify'], whenFalse: ['--tls-verify=false'] },
];

const SERVICE_DEFAULTS: ReadonlyArray<readonly [key: string, value: string]> = [
  ['SyslogIdentifier', '%N'],
  ['Type', 'oneshot'],
  ['RemainAfterExit', 'yes'],
];

function translate(info: UnitInfo, ctx: TranslateContext): UnitFile {
  const { unit } = info;
  const service = startService(info, G, ctx);
  addDefaultDependencies(service, info, ctx);
  addSourcePath(service, info);
  service.add('Unit', 'RequiresMountsFor', '%t/containers');
  const artifact = lookupLast(unit, G, 'Artifact');
  if (artifact === undefined) throw new QuadletError('no Artifact key specified');
  const pull = new PodmanCommand(ctx.options.podman, globalArgs(unit, G)).add(
    'artifact', 'pull', ...emitFlags(unit, G, SCALARS), ...emitBools(unit, G, BOOLS), ...podmanArgs(unit, G), artifact,
  );
  service.add('Service', 'ExecStart', pull.toExec());
  for (const [key, value] of SERVICE_DEFAULTS) setDefault(service, info, 'Service', key, value);
  return service;
}

export const artifactModule: TypeModule = { kind: 'artifact', group: G, translate };
