// [Pod] -> a forking service: ExecStartPre= creates the pod (`podman pod create`),
// ExecStart= starts it, ExecStop=/ExecStopPost= stop and remove it. Containers with
// Pod=this.pod join it (by pod-id file up to 5.5, by name from 5.6); those that start
// with it are Wanted.
import type { UnitFile } from '../unitfile';
import { emitFlags, flagRules, type FlagRule } from './common/flag-tables';
import { keyValueArgs } from './common/key-values';
import { lookupBool, lookupValues, trimQuotes } from './common/lookups';
import { podmanArgs, podmanCommand } from './common/podman-command';
import { resolveNetwork } from './common/references';
import { beginService, setDefault } from './common/service';
import { DNS_FLAGS, ID_MAPPING_FLAGS } from './container-tables';
import { setLast } from './pod-service';
import { userNamespaceArgs } from './pod-userns';
import { volumeArgs } from './pod-volumes';
import type { TranslateContext, TypeModule, UnitInfo } from './types';

const G = 'Pod';

/** Fixed start of `pod create` up to 5.5: the files the other Exec lines and systemd use. */
const CREATE_PREFIX_ID_FILE = ['--infra-conmon-pidfile=%t/%N.pid', '--pod-id-file=%t/%N.pod-id', '--exit-policy=stop', '--replace'];

const SCALARS: readonly FlagRule[] = flagRules('last', { IP: '--ip', IP6: '--ip6', ShmSize: '--shm-size' });

/** Repeatable settings passed through as written (HostName= too: every line of it). */
const LISTS: readonly FlagRule[] = [
  ...flagRules('all', { AddHost: '--add-host' }),
  ...DNS_FLAGS,
  ...flagRules('all', { NetworkAlias: '--network-alias', HostName: '--hostname' }),
];

const LABELS: ReadonlyArray<readonly [key: string, flag: string]> = [['Label', '--label']];

const PUBLISH: readonly FlagRule[] = [{ key: 'PublishPort', flag: '--publish', lookup: 'all' }];

/** The pod's own commands, run by ExecStart=, ExecStop=, ExecStopPost= in that order. */
function lifecycle(name: string, stopTime: string, ctx: TranslateContext): ReadonlyArray<readonly [key: string, args: readonly string[]]> {
  if (!ctx.level.has('no-id-files')) {
    return [
      ['ExecStart', ['pod', 'start', '--pod-id-file=%t/%N.pod-id']],
      ['ExecStop', ['pod', 'stop', '--pod-id-file=%t/%N.pod-id', '--ignore', '--time=10']],
      ['ExecStopPost', ['pod', 'rm', '--pod-id-file=%t/%N.pod-id', '--ignore', '--force']],
    ];
  }
  return [
    ['ExecStart', ['pod', 'start', name]],
    ['ExecStop', ['pod', 'stop', '--ignore', `--time=${stopTime}`, name]],
    ['ExecStopPost', ['pod', 'rm', '--ignore', '--force', name]],
  ];
}

/** Forced onto the service (replacing the user's value in place); from 5.6 the user's Environment= stays. */
const FORCED_SERVICE_KEYS: ReadonlyArray<readonly [key: string, value: string]> = [
  ['Type', 'forking'],
  ['Restart', 'on-failure'],
  ['PIDFile', '%t/%N.pid'],
];
const UNIT_ENVIRONMENT = 'PODMAN_SYSTEMD_UNIT=%n';

/** The start of `pod create`: the id file and a fixed exit policy up to 5.5; from 5.6 ExitPolicy= (default stop). */
function createPrefix(unit: UnitFile, ctx: TranslateContext): string[] {
  if (!ctx.level.has('pod-exit-policy-key')) return CREATE_PREFIX_ID_FILE;
  const policy = unit.lookup(G, 'ExitPolicy');
  return ['--infra-conmon-pidfile=%t/%N.pid', '--replace', '--exit-policy', policy === undefined ? 'stop' : trimQuotes(policy)];
}

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

function createArgs(info: UnitInfo, name: string, service: UnitFile, ctx: TranslateContext): string[] {
  const { unit } = info;
  return [
    'pod', 'create', ...createPrefix(unit, ctx),
    ...userNamespaceArgs(unit, G, ID_MAPPING_FLAGS), ...emitFlags(unit, G, PUBLISH), ...keyValueArgs(unit, G, LABELS, ctx),
    ...networks(info, service, ctx),
    ...emitFlags(unit, G, SCALARS), ...emitFlags(unit, G, LISTS), ...volumeArgs(info, G, service, ctx),
    '--infra-name', `${name}-infra`, '--name', name, ...podmanArgs(unit, G),
  ];
}

function translate(info: UnitInfo, ctx: TranslateContext): UnitFile {
  const { unit } = info;
  const service = beginService(info, G, ctx);
  addMembers(info, service, ctx);
  // PodName=, or systemd-<base name>: the name names.ts gave it.
  const name = info.resourceName;
  const stopTime = unit.lookup(G, 'StopTimeout');
  const create = podmanCommand(unit, G, ctx).add(...createArgs(info, name, service, ctx));
  setDefault(service, info, 'Service', 'SyslogIdentifier', '%N');
  for (const [key, args] of lifecycle(name, stopTime === undefined ? '10' : trimQuotes(stopTime), ctx)) {
    service.add('Service', key, podmanCommand(unit, G, ctx).add(...args).toExec());
  }
  service.add('Service', 'ExecStartPre', create.toExec());
  if (ctx.level.has('pod-keeps-environment')) service.add('Service', 'Environment', UNIT_ENVIRONMENT);
  else setLast(service, 'Service', 'Environment', UNIT_ENVIRONMENT);
  for (const [key, value] of FORCED_SERVICE_KEYS) setLast(service, 'Service', key, value);
  return service;
}

export const podModule: TypeModule = { kind: 'pod', group: G, translate };
