// [Container] -> a service running `podman run`. Straight key -> flag mappings
// live in container-tables.ts; this file holds the keys with behaviour.
import type { UnitFile } from '../unitfile';
import { emitBools, emitFlags } from './common/flag-tables';
import { keyValueArgs } from './common/key-values';
import { lookupBool, lookupLast, lookupValues, trimQuotes } from './common/lookups';
import { resolveHostSource, resolveUnitPath } from './common/paths';
import { type PodmanCommand, podmanArgs, podmanCommand } from './common/podman-command';
import { resolveImage, resolveNetwork, resolveSource } from './common/references';
import { addDefaultDependencies, addRequiresMountsFor, addSourcePath, startService } from './common/service';
import { lookupLastWordsReporting } from './common/split';
import {
  CAPABILITY_FLAGS, HEALTH_FLAGS, ID_MAPPING_FLAGS, KEY_VALUE_FLAGS,
  LIST_FLAGS, MASK_FLAGS, SCALAR_FLAGS, SECURITY_BOOLS, SECURITY_LABEL_FLAGS, TRISTATE_BOOLS,
} from './container-tables';
import { userNamespaceArgs } from './pod-userns';
import { resolveMount } from './mount';
import { QuadletError, type TranslateContext, type TypeModule, type UnitInfo } from './types';

const G = 'Container';
const VOLATILE_TMP = '/tmp:rw,size=512M,mode=1777';
const EXPOSE_PORT = /^\d+(-\d+)?(\/[a-z]+)?$/;
const KILL_MODES = new Set(['mixed', 'control-group']);
const SERVICE_TYPES = new Set(['notify', 'oneshot']);

/** Per-translation state shared by the small steps below. */
interface Job {
  readonly info: UnitInfo;
  readonly unit: UnitFile;
  readonly service: UnitFile;
  readonly ctx: TranslateContext;
  readonly run: PodmanCommand;
}

const isTemplate = (fileName: string): boolean => fileName.includes('@');


/** Image= (resolved through .image/.build units) or Rootfs=; exactly one must be set. */
function imageOrRootfs(job: Job): string[] {
  const image = lookupLast(job.unit, G, 'Image');
  const rootfs = lookupLast(job.unit, G, 'Rootfs');
  if (image === undefined && rootfs === undefined) throw new QuadletError('no Image or Rootfs key specified');
  if (image !== undefined && rootfs !== undefined) {
    throw new QuadletError('the Image And Rootfs keys conflict can not be specified together');
  }
  return image === undefined ? ['--rootfs', rootfs ?? ''] : [resolveImage(image, job.service, job.ctx)];
}

/**
 * KillMode= must let podman stop the container (mixed or control-group); Type= must be
 * notify (default) or oneshot. Returns true for oneshot.
 */
function checkServiceType(job: Job): boolean {
  const killMode = job.unit.lookup('Service', 'KillMode');
  if (killMode !== undefined && !KILL_MODES.has(killMode)) throw new QuadletError(`invalid KillMode '${killMode}'`);
  const type = job.unit.lookup('Service', 'Type');
  if (type !== undefined && !SERVICE_TYPES.has(type)) throw new QuadletError(`invalid service Type '${type}'`);
  return type === 'oneshot';
}

/** How the stop and reload commands find the container: its cid file up to 5.5, its name from 5.6. */
function containerRef(job: Job): string[] {
  return job.ctx.level.has('no-id-files') ? [containerName(job)] : ['--cidfile=%t/%N.cid'];
}

/** ReloadCmd= (`podman exec`) or ReloadSignal= (`podman kill --signal`), never both (5.5+). */
function addReload(job: Job): void {
  const signal = lookupLast(job.unit, G, 'ReloadSignal');
  const command = job.unit.hasKey(G, 'ReloadCmd') ? lookupLastWordsReporting(job.unit, G, 'ReloadCmd', job.ctx) : undefined;
  const hasCommand = command !== undefined && command.length > 0;
  if (!hasCommand && signal === undefined) return;
  if (hasCommand && signal !== undefined) throw new QuadletError('ReloadCmd and ReloadSignal are mutually exclusive but both are set');
  const byName = job.ctx.level.has('no-id-files');
  const args = hasCommand
    ? ['exec', ...containerRef(job), ...command]
    : byName ? ['kill', '--signal', signal ?? '', containerName(job)] : ['kill', '--cidfile=%t/%N.cid', '--signal', signal ?? ''];
  job.service.add('Service', 'ExecReload', podmanCommand(job.unit, G, job.ctx).add(...args).toExec());
}

function addServiceKeys(job: Job, oneshot: boolean): void {
  const { service, unit } = job;
  service.add('Service', 'Environment', 'PODMAN_SYSTEMD_UNIT=%n');
  if (!unit.hasKey('Service', 'KillMode')) service.add('Service', 'KillMode', 'mixed');
  const rm = ['rm', '-v', '-f', '-i', ...containerRef(job)];
  service.add('Service', 'ExecStop', podmanCommand(job.unit, G, job.ctx).add(...rm).toExec());
  service.add('Service', 'ExecStopPost', '-' + podmanCommand(job.unit, G, job.ctx).add(...rm).toExec());
  addReload(job);
  service.add('Service', 'Delegate', 'yes');
  if (!oneshot) {
    if (!unit.hasKey('Service', 'Type')) service.add('Service', 'Type', 'notify');
    service.setLast('Service', 'NotifyAccess', 'all');
  }
  if (!unit.hasKey('Service', 'SyslogIdentifier')) service.add('Service', 'SyslogIdentifier', '%N');
}

function containerName(job: Job): string {
  return lookupLast(job.unit, G, 'ContainerName') ?? (isTemplate(job.info.fileName) ? 'systemd-%p_%i' : 'systemd-%N');
}

function cgroups(job: Job): string[] {
  const mode = lookupLast(job.unit, G, 'CgroupsMode');
  return mode === undefined ? ['--cgroups=split'] : ['--cgroups', mode];
}

function networks(job: Job): string[] {
  return lookupValues(job.unit, G, 'Network', 'all').flatMap((n) => ['--network', resolveNetwork(n, job.service, job.ctx)]);
}

function notify(job: Job, oneshot: boolean): string[] {
  if (oneshot) return [];
  const value = lookupLast(job.unit, G, 'Notify');
  const mode = value === 'healthy' ? 'healthy' : lookupBool(job.unit, G, 'Notify') ? 'container' : 'conmon';
  return [`--sdnotify=${mode}`, '-d'];
}

function pod(job: Job): string[] {
  const value = lookupLast(job.unit, G, 'Pod');
  if (value === undefined) return [];
  if (!value.endsWith('.pod')) throw new QuadletError(`pod ${value} is not Quadlet based`);
  const info = job.ctx.unitInfo(value);
  if (info === undefined || info.kind !== 'pod') throw new QuadletError(`quadlet pod unit ${value} does not exist`);
  job.service.add('Unit', 'BindsTo', `${info.serviceName}.service`);
  job.service.add('Unit', 'After', `${info.serviceName}.service`);
  return job.ctx.level.has('no-id-files') ? ['--pod', info.resourceName] : ['--pod-id-file', `%t/${info.serviceName}.pod-id`];
}

/** AddDevice=; a leading "-" means "only when the device exists on this host". */
function devices(job: Job): string[] {
  return lookupValues(job.unit, G, 'AddDevice', 'strv').flatMap((d) => {
    if (!d.startsWith('-')) return ['--device', d];
    const device = d.slice(1);
    const hostPath = device.split(':')[0];
    return job.ctx.options.pathExists?.(hostPath) ? ['--device', device] : [];
  });
}

function readOnlyAndTmp(job: Job): string[] {
  const readOnly = lookupBool(job.unit, G, 'ReadOnly');
  const flags = readOnly === undefined ? [] : [readOnly ? '--read-only' : '--read-only=false'];
  const volatile = lookupBool(job.unit, G, 'VolatileTmp') === true && readOnly !== true;
  return volatile ? [...flags, '--tmpfs', VOLATILE_TMP] : flags;
}

function user(job: Job): string[] {
  const u = lookupLast(job.unit, G, 'User');
  const g = lookupLast(job.unit, G, 'Group');
  if (g !== undefined && u === undefined) throw new QuadletError('invalid Group set without User');
  if (u === undefined) return [];
  return ['--user', g === undefined ? u : `${u}:${g}`];
}

/** UserNS=/UIDMap=/... or the deprecated Remap* keys (never both); shared with .pod and .kube. */
function idMappings(job: Job): string[] {
  return userNamespaceArgs(job.unit, G, ID_MAPPING_FLAGS);
}

/** Volume=[SOURCE:]DEST[:OPTIONS]: .volume sources become Podman names, ./paths absolute ones. */
function volumes(job: Job): string[] {
  return lookupValues(job.unit, G, 'Volume', 'all').flatMap((v) => {
    const parts = v.split(':');
    if (parts.length < 2) return ['-v', v];
    const source = resolveSource(parts[0], job.service, job.ctx) ?? resolveHostSource(job.info.path, parts[0]);
    if (source.startsWith('/')) addRequiresMountsFor(job.service, source, job.ctx);
    return ['-v', [source, ...parts.slice(1)].join(':')];
  });
}

function ports(job: Job): string[] {
  const expose = lookupValues(job.unit, G, 'ExposeHostPort', 'all').flatMap((p) => {
    if (!EXPOSE_PORT.test(p)) throw new QuadletError(`invalid port format '${p}'`);
    return ['--expose', p];
  });
  const publish = lookupValues(job.unit, G, 'PublishPort', 'all').flatMap((p) => ['--publish', p]);
  return [...expose, ...publish];
}

function keyValues(job: Job): string[] {
  return keyValueArgs(job.unit, G, KEY_VALUE_FLAGS, job.ctx);
}

function autoUpdate(job: Job): string[] {
  const v = lookupLast(job.unit, G, 'AutoUpdate');
  return v === undefined ? [] : ['--label', `io.containers.autoupdate=${v}`];
}

/** 5.8.2: `--entrypoint=VALUE` ahead of the other settings, an empty value clearing the image's. */
function entrypoint(job: Job): string[] {
  if (!job.ctx.level.has('entrypoint-joined')) return [];
  const v = job.unit.lookup(G, 'Entrypoint');
  return v === undefined ? [] : [`--entrypoint=${trimQuotes(v)}`];
}

function scalarFlags(job: Job): string[] {
  const rules = job.ctx.level.has('entrypoint-joined') ? SCALAR_FLAGS.filter((r) => r.key !== 'Entrypoint') : SCALAR_FLAGS;
  return emitFlags(job.unit, G, rules);
}

function environmentFiles(job: Job): string[] {
  return lookupValues(job.unit, G, 'EnvironmentFile', 'words').flatMap((f) => ['--env-file', resolveUnitPath(job.info.path, f)]);
}

function secrets(job: Job): string[] {
  return lookupValues(job.unit, G, 'Secret', 'words').flatMap((s) => ['--secret', s]);
}

function mounts(job: Job): string[] {
  return lookupValues(job.unit, G, 'Mount', 'words').flatMap((m) => {
    const resolved = resolveMount(m, job.info, job.service, job.ctx);
    for (const p of resolved.hostPaths) addRequiresMountsFor(job.service, p, job.ctx);
    return ['--mount', resolved.value];
  });
}

function logging(job: Job): string[] {
  const driver = lookupValues(job.unit, G, 'LogDriver', 'lastOrEmpty').flatMap((d) => ['--log-driver', d]);
  const opts = lookupValues(job.unit, G, 'LogOpt', 'strv').flatMap((o) => ['--log-opt', o]);
  return [...driver, ...opts];
}

function runArgs(job: Job, oneshot: boolean, image: string[]): string[] {
  const { unit } = job;
  // concat, not a literal of ~40 spreads: on V8's baseline tiers (the generator runs without
  // the optimising compiler) every spread walks the iterator protocol.
  return ['run', '--name', containerName(job)].concat(
    job.ctx.level.has('no-id-files') ? [] : ['--cidfile=%t/%N.cid'], '--replace', '--rm',
    logging(job), cgroups(job), entrypoint(job),
    scalarFlags(job), emitFlags(unit, G, LIST_FLAGS), emitBools(unit, G, TRISTATE_BOOLS),
    networks(job), notify(job, oneshot),
    emitBools(unit, G, SECURITY_BOOLS), emitFlags(unit, G, SECURITY_LABEL_FLAGS),
    devices(job), emitFlags(unit, G, CAPABILITY_FLAGS), readOnlyAndTmp(job),
    user(job), idMappings(job), volumes(job), autoUpdate(job), ports(job), keyValues(job),
    emitFlags(unit, G, MASK_FLAGS), environmentFiles(job), secrets(job), mounts(job),
    emitFlags(unit, G, HEALTH_FLAGS), pod(job), podmanArgs(unit, G),
    image, lookupLastWordsReporting(unit, G, 'Exec', job.ctx) ?? [],
  );
}

function translate(info: UnitInfo, ctx: TranslateContext): UnitFile {
  const service = startService(info, G, ctx);
  const job: Job = { info, unit: info.unit, service, ctx, run: podmanCommand(info.unit, G, ctx) };
  addDefaultDependencies(service, info, ctx);
  addSourcePath(service, info);
  // From 5.6 every type starts its service alike (3f56de0199): the mount dependency comes before the image's.
  const shared = ctx.level.has('shared-service-start');
  if (shared) service.add('Unit', 'RequiresMountsFor', '%t/containers');
  const image = imageOrRootfs(job);
  if (!shared) service.add('Unit', 'RequiresMountsFor', '%t/containers');
  const oneshot = checkServiceType(job);
  addServiceKeys(job, oneshot);
  service.add('Service', 'ExecStart', job.run.add(...runArgs(job, oneshot, image)).toExec());
  return service;
}

export const containerModule: TypeModule = { kind: 'container', group: G, translate };
