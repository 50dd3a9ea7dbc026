// [Build] -> a oneshot service running `podman build ... [CONTEXT]`.
import type { UnitFile } from '../unitfile';
import { emitBools, emitFlags, type BoolRule, type FlagRule } from './common/flag-tables';
import { keyValueArgs } from './common/key-values';
import { lookupLast, lookupValues } from './common/lookups';
import { globalArgs, PodmanCommand, podmanArgs } from './common/podman-command';
import { resolveNetwork } from './common/references';
import { addDefaultDependencies, addOneshotDefaults, addSourcePath, startService } from './common/service';
import { RETRY_FLAGS, TLS_VERIFY } from './pull-flags';
import { buildPlace } from './build-context';
import { volumeArgs } from './pod-volumes';
import { QuadletError, type TranslateContext, type TypeModule, type UnitInfo } from './types';

const G = 'Build';

const PULL: readonly FlagRule[] = [{ key: 'Pull', flag: '--pull', lookup: 'last', joined: true }];

const SCALARS: readonly FlagRule[] = [
  { key: 'Arch', flag: '--arch', lookup: 'last' },
  { key: 'AuthFile', flag: '--authfile', lookup: 'last' },
  { key: 'Target', flag: '--target', lookup: 'last' },
  { key: 'Variant', flag: '--variant', lookup: 'last' },
  { key: 'IgnoreFile', flag: '--ignorefile', lookup: 'last' },
  ...RETRY_FLAGS,
];

/** Written once the key is present: true -> --flag, anything else -> --flag=false. */
const BOOLS: readonly BoolRule[] = [
  TLS_VERIFY,
  { key: 'ForceRM', whenTrue: ['--force-rm'], whenFalse: ['--force-rm=false'] },
];

/** Repeatable settings passed through as written. */
const LISTS: readonly FlagRule[] = [
  { key: 'DNS', flag: '--dns', lookup: 'all' },
  { key: 'DNSOption', flag: '--dns-option', lookup: 'all' },
  { key: 'DNSSearch', flag: '--dns-search', lookup: 'all' },
  { key: 'GroupAdd', flag: '--group-add', lookup: 'all' },
  { key: 'ImageTag', flag: '--tag', lookup: 'all' },
];

/** KEY=VALUE keys, sorted by key. */
const KEY_VALUES: ReadonlyArray<readonly [key: string, flag: string]> = [
  ['BuildArg', '--build-arg'],
  ['Annotation', '--annotation'],
  ['Environment', '--env'],
  ['Label', '--label'],
];

const SECRETS: readonly FlagRule[] = [{ key: 'Secret', flag: '--secret', lookup: 'words' }];





function networks(info: UnitInfo, service: UnitFile, ctx: TranslateContext): string[] {
  return lookupValues(info.unit, G, 'Network', 'all').flatMap((n) => ['--network', resolveNetwork(n, service, ctx)]);
}

function translate(info: UnitInfo, ctx: TranslateContext): UnitFile {
  const { unit } = info;
  if (lookupValues(unit, G, 'ImageTag', 'all').length === 0) throw new QuadletError('no ImageTag key specified');
  const file = lookupLast(unit, G, 'File');
  const service = startService(info, G, ctx);
  addDefaultDependencies(service, info, ctx);
  // Up to 5.5 a build named the mount first; from 5.6 every type starts its service alike (3f56de0199).
  if (ctx.level.has('shared-service-start')) {
    addSourcePath(service, info);
    service.add('Unit', 'RequiresMountsFor', '%t/containers');
  } else {
    service.add('Unit', 'RequiresMountsFor', '%t/containers');
    addSourcePath(service, info);
  }
  const args = [
    ...emitFlags(unit, G, PULL), ...emitFlags(unit, G, SCALARS), ...emitBools(unit, G, BOOLS),
    ...emitFlags(unit, G, LISTS), ...keyValueArgs(unit, G, KEY_VALUES, ctx), ...networks(info, service, ctx), ...emitFlags(unit, G, SECRETS),
    ...volumeArgs(info, G, service, ctx), ...(file === undefined ? [] : ['--file', file]), ...podmanArgs(unit, G),
  ];
  // Quadlet checks the working directory only after resolving references, so their errors come first.
  const place = buildPlace({
    unitPath: info.path, file, setWorkingDirectory: lookupLast(unit, G, 'SetWorkingDirectory'),
    userWorkingDirectory: lookupLast(unit, 'Service', 'WorkingDirectory'),
    specifierIsAbsolute: ctx.level.has('build-file-specifier'),
  });
  const build = new PodmanCommand(ctx.options.podman, globalArgs(unit, G)).add(
    'build', ...args, ...(place.context === undefined ? [] : [place.context]),
  );
  if (place.workingDirectory !== undefined) service.add('Service', 'WorkingDirectory', place.workingDirectory);
  service.add('Service', 'ExecStart', build.toExec());
  addOneshotDefaults(service, info, false);
  return service;
}

export const buildModule: TypeModule = { kind: 'build', group: G, translate };
