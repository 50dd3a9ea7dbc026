// [Pod] -> a forking service: ExecStartPre= creates the pod (`podman pod create`),
// ExecStart= starts it, ExecStop=/ExecStopPost= stop and remove it. Containers with
// Pod=this.pod join it through the pod-id file; those that start with it are Wanted.
import type { UnitFile } from '../unitfile';
import { emitFlags, type FlagRule } from './common/flag-tables';
import { lookupBool, lookupLast, lookupValues } from './common/lookups';
import { globalArgs, PodmanCommand, podmanArgs } from './common/podman-command';
import { resolveNetwork } from './common/references';
import { addDefaultDependencies, addSourcePath, setDefault, startService } from './common/service';
import { ID_MAPPING_FLAGS } from './container-tables';
import { baseName } from './names';
import { setLast } from './pod-service';
import { userNamespaceArgs } from './pod-userns';
import { volumeArgs } from './pod-volumes';
import type { TranslateContext, TypeModule, UnitInfo } from './types';

const G = 'Pod';

/** Fixed start of `pod create`: the files the other Exec lines and systemd use. */
const CREATE_PREFIX = ['--infra-conmon-pidfile=%t/%N.pid', '--pod-id-file=%t/%N.pod-id', '--exit-policy=stop', '--replace'];

const SCALARS: readonly FlagRule[] = [
  { key: 'IP', flag: '--ip', lookup: 'last' },
  { key: 'IP6', flag: '--ip6', lookup: 'last' },
  { key: 'ShmSize', flag: '--shm-size', lookup: 'last' },
];

/** Repeatable settings passed through as written. */
const LISTS: readonly FlagRule[] = [
  { key: 'AddHost', flag: '--add-host', lookup: 'all' },
  { key: 'DNS', flag: '--dns', lookup: 'all' },
  { key: 'DNSOption', flag: '--dns-option', lookup: 'all' },
  { key: 'DNSSearch', flag: '--dns-search', lookup: 'all' },
  { key: 'NetworkAlias', flag: '--network-alias', lookup: 'all' },
];

const PUBLISH: readonly FlagRule[] = [{ key: 'PublishPort', flag: '--publish', lookup: 'all' }];

/** The pod's own commands, run by ExecStart=, ExecStop=, ExecStopPost= in that order. */
const LIFECYCLE: ReadonlyArray<readonly [key: string, args: readonly string[]]> = [
  ['ExecStart', ['pod', 'start', '--pod-id-file=%t/%N.pod-id']],
  ['ExecStop', ['pod', 'stop', '--pod-id-file=%t/%N.pod-id', '--ignore', '--time=10']],
  ['ExecStopPost', ['pod', 'rm', '--pod-id-file=%t/%N.pod-id', '--ignore', '--force']],
];

/** Forced onto the service (replacing the user's value in place). */
const FORCED_SERVICE_KEYS: ReadonlyArray<readonly [key: string, value: string]> = [
  ['Environment', 'PODMAN_SYSTEMD_UNIT=%n'],
  ['Type', 'forking'],
  ['Restart', 'on-failure'],
  ['PIDFile', '%t/%N.pid'],
];

const REMAP_KEYS = ['RemapUsers', 'RemapUid', 'RemapGid', 'RemapUidSize'];
const OTHER_KEYS = ['ContainersConfModule', 'GlobalArgs', 'Network', 'PodName', 'PodmanArgs', 'ServiceName', 'Volume'];

export const POD_KEYS: ReadonlySet<string> = new Set([
  ...[...SCALARS, ...LISTS, ...PUBLISH, ...ID_MAPPING_FLAGS].map((r) => r.key), ...REMAP_KEYS, ...OTHER_KEYS,
]);

/** Members start with the pod unless they say StartWithPod=false (anything not true counts as false). */
function addMembers(info: UnitInfo, service: UnitFile, ctx: TranslateContext): void {
  for (const member of ctx.podMembers(info.fileName)) {
    if (lookupBool(member.unit, 'Container', 'StartWithPod') === false) continue;
    service.add('Unit', 'Wants', `${member.serviceName}.service`);
    service.add('Unit', 'Before', `${member.serviceName}.service`);
  }
}

function networks(info: UnitInfo, service: UnitFile, ctx: TranslateContext): string[] {
  return lookupValues(info.unit, G, 'Network', 'all').flatMap((n) => ['--network', resolveNetwork(n, service, ctx)]);
}

function createArgs(info: UnitInfo, service: UnitFile, ctx: TranslateContext): string[] {
  const { unit } = info;
  const name = lookupLast(unit, G, 'PodName') ?? `systemd-${baseName(info.fileName)}`;
  return [
    'pod', 'create', ...CREATE_PREFIX,
    ...userNamespaceArgs(unit, G, ID_MAPPING_FLAGS), ...emitFlags(unit, G, PUBLISH), ...networks(info, service, ctx),
    ...emitFlags(unit, G, SCALARS), ...emitFlags(unit, G, LISTS), ...volumeArgs(info, G, service, ctx),
    '--infra-name', `${name}-infra`, '--name', name, ...podmanArgs(unit, G),
  ];
}

function translate(info: UnitInfo, ctx: TranslateContext): UnitFile {
  const { unit } = info;
  const service = startService(info, G);
  addDefaultDependencies(service, info, ctx);
  addSourcePath(service, info);
  service.add('Unit', 'RequiresMountsFor', '%t/containers');
  addMembers(info, service, ctx);
  const global = globalArgs(unit, G);
  const create = new PodmanCommand(ctx.options.podman, global).add(...createArgs(info, service, ctx));
  setDefault(service, info, 'Service', 'SyslogIdentifier', '%N');
  for (const [key, args] of LIFECYCLE) service.add('Service', key, new PodmanCommand(ctx.options.podman, global).add(...args).toExec());
  service.add('Service', 'ExecStartPre', create.toExec());
  for (const [key, value] of FORCED_SERVICE_KEYS) setLast(service, 'Service', key, value);
  return service;
}

export const podModule: TypeModule = { kind: 'pod', group: G, supportedKeys: POD_KEYS, translate };
