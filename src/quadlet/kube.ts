// [Kube] -> a notify service running `podman kube play ... YAML`, torn down with
// `podman kube down YAML` after it stops.
import type { UnitFile } from '../unitfile';
import { emitBools, emitFlags, type BoolRule, type FlagRule } from './common/flag-tables';
import { lookupLast, lookupValues, trimQuotes } from './common/lookups';
import { cleanPath, dirOf, resolveUnitPath } from './common/paths';
import { podmanArgs, podmanCommand } from './common/podman-command';
import { resolveNetwork } from './common/references';
import { beginService, setDefault } from './common/service';
import { setLast } from './pod-service';
import { userNamespaceArgs } from './pod-userns';
import { QuadletError, type TranslateContext, type TypeModule, type UnitInfo } from './types';

const G = 'Kube';

const PLAY_PREFIX = ['kube', 'play', '--replace', '--service-container=true'];

const EXIT_CODE: readonly FlagRule[] = [
  { key: 'ExitCodePropagation', flag: '--service-exit-code-propagation', lookup: 'last', joined: true },
];

const LOG_OPTS: readonly FlagRule[] = [{ key: 'LogOpt', flag: '--log-opt', lookup: 'strv' }];

const USERNS: readonly FlagRule[] = [{ key: 'UserNS', flag: '--userns', lookup: 'last' }];
/** `podman kube play` has no --uidmap, so RemapUsers=manual cannot be expressed. */
const REMAP_MODES = ['auto', 'keep-id'];

const PUBLISH: readonly FlagRule[] = [{ key: 'PublishPort', flag: '--publish', lookup: 'all' }];

const DOWN_FORCE: readonly BoolRule[] = [{ key: 'KubeDownForce', whenTrue: ['--force'], whenFalse: ['--force=false'] }];

const AUTO_UPDATE_LABEL = 'io.containers.autoupdate';

const KILL_MODES = new Set(['mixed', 'control-group']);
const SERVICE_TYPES = new Set(['notify', 'oneshot']);

/** SetWorkingDirectory= values: which folder becomes the service's WorkingDirectory=. */
const WORKING_DIRECTORIES: Readonly<Record<string, (info: UnitInfo, yaml: string) => string>> = {
  yaml: (_info, yaml) => dirOf(cleanPath(yaml)),
  unit: (info) => dirOf(info.path),
};



/**
 * LogDriver= is passed on once present, even when the last assignment is empty; Quadlet
 * then writes the empty value as nothing at all, so systemd sees the flag alone.
 */
function logDriver(unit: UnitFile): string[] {
  const v = unit.lookup(G, 'LogDriver');
  if (v === undefined) return [];
  const driver = trimQuotes(v);
  return driver === '' ? ['--log-driver'] : ['--log-driver', driver];
}

/** AutoUpdate=registry|local applies to every container; NAME/POLICY to one. */
function autoUpdate(unit: UnitFile): string[] {
  return lookupValues(unit, G, 'AutoUpdate', 'strv').map((v) => {
    const slash = v.indexOf('/');
    return slash < 0
      ? `--annotation=${AUTO_UPDATE_LABEL}=${v}`
      : `--annotation=${AUTO_UPDATE_LABEL}/${v.slice(0, slash)}=${v.slice(slash + 1)}`;
  });
}

function networks(info: UnitInfo, service: UnitFile, ctx: TranslateContext): string[] {
  return lookupValues(info.unit, G, 'Network', 'all').flatMap((n) => ['--network', resolveNetwork(n, service, ctx)]);
}

function configMaps(info: UnitInfo): string[] {
  return lookupValues(info.unit, G, 'ConfigMap', 'strv').flatMap((c) => ['--configmap', resolveUnitPath(info.path, c)]);
}

/** KillMode=/Type= the user chose must suit a service-container; defaults otherwise. */
function addServiceKeys(info: UnitInfo, service: UnitFile): void {
  const { unit } = info;
  const killMode = unit.lookup('Service', 'KillMode');
  if (killMode === undefined) service.add('Service', 'KillMode', 'mixed');
  else if (!KILL_MODES.has(killMode)) throw new QuadletError(`invalid KillMode '${killMode}'`);
  service.add('Service', 'Environment', 'PODMAN_SYSTEMD_UNIT=%n');
  const type = unit.lookup('Service', 'Type');
  if (type !== undefined && !SERVICE_TYPES.has(type)) throw new QuadletError(`invalid service Type '${type}'`);
  if (type !== 'oneshot') {
    if (type === undefined) service.add('Service', 'Type', 'notify');
    setLast(service, 'Service', 'NotifyAccess', 'all');
  }
  setDefault(service, info, 'Service', 'SyslogIdentifier', '%N');
}

function workingDirectory(info: UnitInfo, yamls: readonly string[]): string | undefined {
  const mode = lookupLast(info.unit, G, 'SetWorkingDirectory');
  if (mode === undefined) return undefined;
  if (mode === 'file') throw new QuadletError('SetWorkingDirectory=file is only supported in .build files');
  const pick = WORKING_DIRECTORIES[mode];
  if (pick === undefined) throw new QuadletError(`unsupported value for WorkingDirectory: ${mode} `);
  if (mode === 'yaml' && yamls.length !== 1) throw new QuadletError('SetWorkingDirectory=yaml is only supported when a single Yaml key is provided');
  return lookupLast(info.unit, 'Service', 'WorkingDirectory') === undefined ? pick(info, yamls[0]) : undefined;
}

/** Yaml=: the last one up to 5.6; from 5.7 every one (split like a list), played together. */
function yamlFiles(info: UnitInfo, ctx: TranslateContext): string[] {
  const values = ctx.level.has('multiple-yaml') ? lookupValues(info.unit, G, 'Yaml', 'strv') : [lookupLast(info.unit, G, 'Yaml')].flatMap((v) => v ?? []);
  if (values.length === 0) throw new QuadletError('no Yaml key specified');
  return values.map((v) => resolveUnitPath(info.path, v));
}

function translate(info: UnitInfo, ctx: TranslateContext): UnitFile {
  const { unit } = info;
  const service = beginService(info, G, ctx);
  const yamls = yamlFiles(info, ctx);
  addServiceKeys(info, service);
  const play = podmanCommand(unit, G, ctx).add(
    ...PLAY_PREFIX, ...emitFlags(unit, G, EXIT_CODE), ...logDriver(unit), ...emitFlags(unit, G, LOG_OPTS), ...userNamespaceArgs(unit, G, USERNS, REMAP_MODES),
    ...networks(info, service, ctx), ...autoUpdate(unit), ...configMaps(info), ...emitFlags(unit, G, PUBLISH),
    ...podmanArgs(unit, G), ...yamls,
  );
  const down = podmanCommand(unit, G, ctx).add('kube', 'down', ...emitBools(unit, G, DOWN_FORCE), ...yamls);
  const dir = workingDirectory(info, yamls);
  service.add('Service', 'ExecStart', play.toExec());
  service.add('Service', 'ExecStopPost', down.toExec());
  if (dir !== undefined) service.add('Service', 'WorkingDirectory', dir);
  return service;
}

export const kubeModule: TypeModule = { kind: 'kube', group: G, translate };
