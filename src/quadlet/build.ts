// [Build] -> a oneshot service running `podman build ... [CONTEXT]`.
import type { UnitFile } from '../unitfile';
import { emitBools, emitFlags, flagRules, type BoolRule, type FlagRule } from './common/flag-tables';
import { DNS_FLAGS } from './container-tables';
import { keyValueArgs } from './common/key-values';
import { lookupLast, lookupValues } from './common/lookups';
import { podmanArgs } from './common/podman-command';
import { resolveNetwork } from './common/references';
import { oneshotService } from './common/service';
import { RETRY_FLAGS, TLS_VERIFY } from './pull-flags';
import { buildPlace } from './build-context';
import { volumeArgs } from './pod-volumes';
import { QuadletError, type TranslateContext, type TypeModule, type UnitInfo } from './types';

const G = 'Build';

const PULL: readonly FlagRule[] = [{ key: 'Pull', flag: '--pull', lookup: 'last', joined: true }];

const SCALARS: readonly FlagRule[] = [
  ...flagRules('last', { Arch: '--arch', AuthFile: '--authfile', Target: '--target', Variant: '--variant', IgnoreFile: '--ignorefile' }),
  ...RETRY_FLAGS,
];

/** Written once the key is present: true -> --flag, anything else -> --flag=false. */
const BOOLS: readonly BoolRule[] = [
  TLS_VERIFY,
  { key: 'ForceRM', whenTrue: ['--force-rm'], whenFalse: ['--force-rm=false'] },
];

/** Repeatable settings passed through as written. */
const LISTS: readonly FlagRule[] = [...DNS_FLAGS, ...flagRules('all', { GroupAdd: '--group-add', ImageTag: '--tag' })];

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

/** `build ... [CONTEXT]`; sets WorkingDirectory= on the service when the context needs it. */
function buildArgs(info: UnitInfo, service: UnitFile, ctx: TranslateContext): string[] {
  const { unit } = info;
  requireImageTag(info);
  const file = lookupLast(unit, G, 'File');
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
  if (place.workingDirectory !== undefined) service.add('Service', 'WorkingDirectory', place.workingDirectory);
  return ['build', ...args, ...(place.context === undefined ? [] : [place.context])];
}

/**
 * Up to 5.5 Quadlet checks ImageTag= before anything else; from 5.6 once the service is
 * started, after the unknown-key check and the [Unit] dependencies (3f56de0199).
 */
function requireImageTag(info: UnitInfo): void {
  if (lookupValues(info.unit, G, 'ImageTag', 'all').length === 0) throw new QuadletError('no ImageTag key specified');
}

function firstCheck(info: UnitInfo, ctx: TranslateContext): void {
  if (!ctx.level.has('shared-service-start')) requireImageTag(info);
}

function translate(info: UnitInfo, ctx: TranslateContext): UnitFile {
  // Up to 5.5 a build named the mount first; from 5.6 every type starts its service alike (3f56de0199).
  const mountsFirst = !ctx.level.has('shared-service-start');
  return oneshotService(info, G, ctx, (service) => buildArgs(info, service, ctx), { remainAfterExit: false, mountsFirst });
}

export const buildModule: TypeModule = { kind: 'build', group: G, firstCheck, translate };
