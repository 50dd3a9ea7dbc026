// [Image] -> a oneshot service running `podman image pull ... IMAGE`.
import type { UnitFile } from '../unitfile';
import { emitBools, emitFlags, type BoolRule, type FlagRule } from './common/flag-tables';
import { trimQuotes } from './common/lookups';
import { globalArgs, PodmanCommand, podmanArgs } from './common/podman-command';
import { addDefaultDependencies, addSourcePath, setDefault, startService } from './common/service';
import { warnShortName } from './image-short-name';
import { QuadletError, type TranslateContext, type TypeModule, type UnitInfo } from './types';

const G = 'Image';

/** Single-valued pull options, in command-line order. */
const SCALARS: readonly FlagRule[] = [
  { key: 'Arch', flag: '--arch', lookup: 'last' },
  { key: 'AuthFile', flag: '--authfile', lookup: 'last' },
  { key: 'CertDir', flag: '--cert-dir', lookup: 'last' },
  { key: 'Creds', flag: '--creds', lookup: 'last' },
  { key: 'DecryptionKey', flag: '--decryption-key', lookup: 'last' },
  { key: 'OS', flag: '--os', lookup: 'last' },
  { key: 'Variant', flag: '--variant', lookup: 'last' },
  { key: 'Policy', flag: '--policy', lookup: 'last' },
  { key: 'Retry', flag: '--retry', lookup: 'last' },
  { key: 'RetryDelay', flag: '--retry-delay', lookup: 'last' },
];

/** Written once the key is present: true -> --flag, anything else -> --flag=false. */
const BOOLS: readonly BoolRule[] = [
  { key: 'AllTags', whenTrue: ['--all-tags'], whenFalse: ['--all-tags=false'] },
  { key: 'TLSVerify', whenTrue: ['--tls-verify'], whenFalse: ['--tls-verify=false'] },
];

const SERVICE_DEFAULTS: ReadonlyArray<readonly [key: string, value: string]> = [
  ['SyslogIdentifier', '%N'],
  ['Type', 'oneshot'],
  ['RemainAfterExit', 'yes'],
];

/** ImageTag= only names the pulled image for units that reference this one (see names.ts). */
const OTHER_KEYS = ['ContainersConfModule', 'GlobalArgs', 'Image', 'ImageTag', 'PodmanArgs', 'ServiceName'];


/** Image= is required and non-empty; a short name is warned about first, as Quadlet does. */
function imageToPull(info: UnitInfo, ctx: TranslateContext): string {
  const raw = info.unit.lookup(G, 'Image');
  if (raw === undefined) throw new QuadletError('no Image key specified');
  const image = trimQuotes(raw);
  // Quadlet skips the check for names that look like .image/.build units (they are pulled as written).
  if (!/\.(image|build)$/.test(image)) warnShortName(info, image, ctx);
  if (image === '') throw new QuadletError('no Image key specified');
  return image;
}

function translate(info: UnitInfo, ctx: TranslateContext): UnitFile {
  const { unit } = info;
  const service = startService(info, G, ctx);
  addDefaultDependencies(service, info, ctx);
  addSourcePath(service, info);
  service.add('Unit', 'RequiresMountsFor', '%t/containers');
  const image = imageToPull(info, ctx);
  const pull = new PodmanCommand(ctx.options.podman, globalArgs(unit, G)).add(
    'image', 'pull', ...emitFlags(unit, G, SCALARS), ...emitBools(unit, G, BOOLS), ...podmanArgs(unit, G), image,
  );
  service.add('Service', 'ExecStart', pull.toExec());
  for (const [key, value] of SERVICE_DEFAULTS) setDefault(service, info, 'Service', key, value);
  return service;
}

export const imageModule: TypeModule = { kind: 'image', group: G, translate };
