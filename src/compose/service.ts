// One Compose service → one [container.*] section per replica (and a
// [build.*] when it is built). The simple fields go through the table in
// service-fields.ts; what needs the rest of the project — networks, volumes,
// secrets, configs, depends_on, ports in a pod — is here.
import { isAbsolute, resolve } from 'node:path';
import { add, type Output, type OutSection } from './output';
import { DOCKER_HUB, formatReference, parseReference, qualifyUnder } from '../registry/reference';
import { describeSource, type Project } from './project';
import type { Refs } from './resources';
import { FIELDS, NOT_CARRIED, type FieldContext } from './service-fields';
import { isMap, type Json, type JsonMap } from './tree';
import { byteSize, truthy } from './values';

export interface ServiceUnits {
  /** The container sections of the service's replicas. */
  readonly sections: OutSection[];
  readonly containerNames: string[];
}

interface ConvertContext {
  readonly project: Project;
  readonly out: Output;
  readonly networks: Refs;
  readonly volumes: Refs;
  readonly pod?: OutSection;
}

/** The fields this file maps (the table maps the rest). */
export const HANDLED_HERE: ReadonlySet<string> = new Set(['image', 'build', 'ports', 'volumes', 'networks', 'network_mode', 'secrets', 'configs', 'depends_on', 'extends']);

/** Keys a container in a pod can not set: the pod holds them. */
const POD_KEYS: ReadonlySet<string> = new Set(['PublishPort', 'DNS', 'DNSSearch', 'DNSOption', 'AddHost']);

/** Fields a container in a pod can not have: the pod's namespaces decide them. */
const NOT_IN_POD: Readonly<Record<string, string>> = {
  hostname: 'containers in a pod share its host name',
  mac_address: 'containers in a pod share its network interface',
};

/** deploy.replicas or scale; anything but a whole number is read as 1 (and reported by convertService). */
const replicasOf = (svc: JsonMap): number => {
  const deploy = isMap(svc.deploy) ? svc.deploy : {};
  const n = Number(deploy.replicas ?? svc.scale ?? 1);
  return Number.isInteger(n) && n >= 0 ? n : 1;
};

const containerSectionName = (project: string, service: string, replica: number, replicas: number): string =>
  replicas > 1 ? `${project}-${service}-${replica}` : `${project}-${service}`;

/** Compose's own container names (PROJECT-SERVICE-N), so peers and scripts find them as before. */
const containerNameOf = (project: string, service: string, svc: JsonMap, replica: number): string =>
  typeof svc.container_name === 'string' && replicasOf(svc) === 1 ? svc.container_name : `${project}-${service}-${replica}`;

class ServiceConverter {
  private readonly podmanArgs: string[] = [];

  constructor(
    private readonly ctx: ConvertContext,
    private readonly name: string,
    private readonly section: OutSection,
    /** Only the first replica reports what is dropped: the others would repeat it. */
    private readonly reports: boolean,
  ) {}

  drop(path: string, reason: string): void {
    if (!this.reports) return;
    const full = `services.${this.name}${path ? `.${path}` : ''}`;
    this.ctx.out.dropped.push({ path: full, reason, at: this.ctx.project.positions.get(full.split('.')) });
  }

  add(key: string, value: string | readonly string[]): void {
    const pod = this.ctx.pod;
    if (pod && POD_KEYS.has(key)) {
      if (!pod.entries.some((e) => e.key === key && e.value === value)) add(pod, key, value);
    } else add(this.section, key, value);
  }

  fieldContext(field: string): FieldContext {
    return {
      add: (key, value) => this.add(key, value),
      drop: (sub, reason) => this.drop(sub ? `${field}.${sub}` : field, reason),
      podmanArg: (flag, value) => this.podmanArgs.push(value === undefined ? flag : `${flag}=${value}`),
    };
  }

  finish(): void {
    if (this.podmanArgs.length > 0) add(this.section, 'PodmanArgs', this.podmanArgs);
  }
}

function imageOf(ctx: ConvertContext, name: string, svc: JsonMap, conv: ServiceConverter): string | undefined {
  if (!isMap(svc.build)) {
    if (typeof svc.image === 'string') return dockerImage(svc.image, conv);
    conv.drop('', 'has neither image: nor build:');
    return undefined;
  }
  const b = svc.build;
  const buildName = `${ctx.project.name}-${name}`;
  const s = ctx.out.section('build', buildName, `services.${name}.build`, [describeSource(ctx.project, `services.${name}.build`)]);
  add(s, 'ImageTag', typeof svc.image === 'string' ? svc.image : `localhost/${ctx.project.name}-${name}:latest`);
  const context = String(b.context);
  add(s, 'SetWorkingDirectory', context);
  if (typeof b.dockerfile === 'string') add(s, 'File', isAbsolute(b.dockerfile) || !isAbsolute(context) ? b.dockerfile : resolve(context, b.dockerfile));
  if (typeof b.target === 'string') add(s, 'Target', b.target);
  if (typeof b.network === 'string') add(s, 'Network', b.network);
  if (truthy(b.pull)) add(s, 'Pull', 'always');
  for (const [k, v] of Object.entries(isMap(b.labels) ? b.labels : {})) add(s, 'Label', `${k}=${String(v)}`);
  const args = Object.entries(isMap(b.args) ? b.args : {}).filter(([, v]) => v !== null).map(([k, v]) => `--build-arg=${k}=${String(v)}`);
  if (args.length > 0) add(s, 'PodmanArgs', args);
  for (const k of Object.keys(b)) {
    if (!['context', 'dockerfile', 'target', 'network', 'pull', 'labels', 'args'].includes(k)) conv.drop(`build.${k}`, 'Quadlet\'s .build has no such setting');
  }
  return buildName;
}

/** Compose means Docker Hub by a short name; Podman would ask registries.conf (and fail with no terminal to ask on). */
function dockerImage(text: string, conv: ServiceConverter): string | undefined {
  try {
    const ref = parseReference(text);
    return ref.registry ? text : formatReference(qualifyUnder(DOCKER_HUB, ref));
  } catch (e) {
    conv.drop('image', (e as Error).message);
    return undefined;
  }
}

function portText(p: Json): string {
  // `:HOST:CONTAINER` (an empty host IP, as `${PORT-:2283:2283}` gives) is `HOST:CONTAINER`.
  if (!isMap(p)) return String(p).replace(/^:(?=[^:]*:)/, '');
  const proto = typeof p.protocol === 'string' && p.protocol !== 'tcp' ? `/${p.protocol}` : '';
  const published = p.published === undefined ? '' : String(p.published);
  const ip = typeof p.host_ip === 'string' ? (p.host_ip.includes(':') ? `[${p.host_ip}]` : p.host_ip) : '';
  const host = ip ? `${ip}:${published}:` : published ? `${published}:` : '';
  return `${host}${String(p.target)}${proto}`;
}

function ports(conv: ServiceConverter, svc: JsonMap): void {
  (Array.isArray(svc.ports) ? svc.ports : []).forEach((p, i) => {
    if (isMap(p)) for (const k of ['name', 'app_protocol']) if (p[k] !== undefined) conv.drop(`ports.${i}.${k}`, 'Podman keeps no name or application protocol for a port');
    conv.add('PublishPort', portText(p));
  });
}

/** `~` is the home of whoever runs the unit: systemd's %h. */
const hostPath = (p: string): string => (p.startsWith('~') ? `%{h}${p.slice(1)}` : p);

function volumeLine(ctx: ConvertContext, conv: ServiceConverter, v: JsonMap, i: number, mkdirs: string[]): void {
  const target = String(v.target);
  const options = (Array.isArray(v.options) ? v.options.map(String) : []).filter((o) => o !== 'rw');
  if (truthy(v.read_only) && !options.includes('ro')) options.push('ro');
  const sub = (k: string): JsonMap => (isMap(v[k]) ? (v[k] as JsonMap) : {});
  const suffix = (): string => (options.length > 0 ? `:${options.join(',')}` : '');
  if (v.type === 'tmpfs') {
    const t = sub('tmpfs');
    const opts = [t.size !== undefined ? `size=${byteSize(t.size) ?? String(t.size)}` : '', t.mode !== undefined ? `mode=${typeof t.mode === 'number' ? t.mode.toString(8) : String(t.mode)}` : ''].filter(Boolean);
    conv.add('Tmpfs', `${target}${opts.length ? `:${opts.join(',')}` : ''}`);
    return;
  }
  if (v.type === 'bind') {
    const b = sub('bind');
    if (typeof b.selinux === 'string') options.push(b.selinux);
    if (typeof b.propagation === 'string') options.push(b.propagation);
    const source = String(v.source);
    if (v.short === true || truthy(b.create_host_path)) mkdirs.push(hostPath(source));
    conv.add('Volume', `${hostPath(source)}:${target}${suffix()}`);
    return;
  }
  if (v.type === 'volume') {
    const vol = sub('volume');
    if (truthy(vol.nocopy)) options.push('nocopy');
    if (vol.subpath !== undefined) conv.drop(`volumes.${i}.volume.subpath`, 'a sub-path mount of a volume is not a Quadlet Volume= option');
    if (v.source === undefined) {
      conv.add('Volume', `${target}${suffix()}`);
      return;
    }
    const ref = ctx.volumes.get(String(v.source));
    if (ref === undefined) {
      conv.drop(`volumes.${i}`, `volume ${JSON.stringify(v.source)} is not declared under the top-level volumes:`);
      return;
    }
    conv.add('Volume', `${ref}:${target}${suffix()}`);
    return;
  }
  conv.drop(`volumes.${i}`, `a ${String(v.type)} mount has no Podman equivalent here`);
}

function volumes(ctx: ConvertContext, conv: ServiceConverter, svc: JsonMap): void {
  const mkdirs: string[] = [];
  (Array.isArray(svc.volumes) ? svc.volumes : []).forEach((v, i) => {
    if (isMap(v)) volumeLine(ctx, conv, v, i, mkdirs);
  });
  // Compose creates a missing bind source (short syntax, or create_host_path); Podman refuses
  // it. Only what is missing: the source may be a file (/etc/localtime).
  if (mkdirs.length > 0) conv.add('Service.ExecStartPre', ['/bin/sh', '-c', 'for p; do [ -e "$p" ] || mkdir -p "$p"; done', 'sh', ...mkdirs]);
}

const defMap = (project: Project, key: string): JsonMap => (isMap(project.doc[key]) ? (project.doc[key] as JsonMap) : {});

/** secrets: and configs: from files are bind-mounted read-only, as Compose does outside Swarm. */
function fileMounts(ctx: ConvertContext, conv: ServiceConverter, svc: JsonMap, kind: 'secrets' | 'configs'): void {
  const defs = defMap(ctx.project, kind);
  (Array.isArray(svc[kind]) ? (svc[kind] as Json[]) : []).forEach((ref, i) => {
    if (!isMap(ref)) return;
    const source = String(ref.source);
    const def = defs[source];
    const rawTarget = typeof ref.target === 'string' ? ref.target : source;
    const target = kind === 'secrets' ? (rawTarget.startsWith('/') ? rawTarget : `/run/secrets/${rawTarget}`) : rawTarget.startsWith('/') ? rawTarget : `/${rawTarget}`;
    for (const k of ['uid', 'gid', 'mode']) if (ref[k] !== undefined) conv.drop(`${kind}.${i}.${k}`, 'a file mounted from the host keeps the host file\'s owner and mode');
    if (!isMap(def)) {
      conv.drop(`${kind}.${i}`, `${kind.slice(0, -1)} ${JSON.stringify(source)} is not declared under the top-level ${kind}:`);
      return;
    }
    if (typeof def.file === 'string') conv.add('Volume', `${hostPath(def.file)}:${target}:ro`);
    else if (kind === 'secrets' && truthy(def.external)) conv.add('Secret', `${typeof def.name === 'string' ? def.name : source},type=mount,target=${target}`);
    else conv.drop(`${kind}.${i}`, `${kind}.${source} is not from a file: ${truthy(def.external) ? 'Podman has no external configs' : 'write its content to a file and give file:'}`);
  });
}

function networkLine(ref: string, opts: Json, conv: ServiceConverter, net: string): string {
  if (!isMap(opts)) return ref;
  const parts: string[] = [];
  if (typeof opts.ipv4_address === 'string') parts.push(`ip=${opts.ipv4_address}`);
  if (typeof opts.ipv6_address === 'string') parts.push(`ip6=${opts.ipv6_address}`);
  if (typeof opts.mac_address === 'string') parts.push(`mac=${opts.mac_address}`);
  if (typeof opts.interface_name === 'string') parts.push(`interface_name=${opts.interface_name}`);
  for (const a of Array.isArray(opts.aliases) ? opts.aliases : []) parts.push(`alias=${String(a)}`);
  for (const k of Object.keys(opts)) {
    if (!['ipv4_address', 'ipv6_address', 'mac_address', 'interface_name', 'aliases'].includes(k)) conv.drop(`networks.${net}.${k}`, 'Podman has no such per-network option');
  }
  return parts.length > 0 ? `${ref}:${parts.join(',')}` : ref;
}

/** The networks a service joins (the project's default one when it names none). */
export function serviceNetworks(svc: JsonMap): string[] {
  if (svc.network_mode !== undefined) return [];
  return isMap(svc.networks) ? Object.keys(svc.networks) : ['default'];
}

/** `network_mode: service:X`: Podman's container:NAME, started after X's first container. */
function joinService(ctx: ConvertContext, conv: ServiceConverter, other: string): void {
  const svc = ctx.project.services[other];
  if (!svc) {
    conv.drop('network_mode', `there is no active service ${other}`);
    return;
  }
  conv.add('Network', `container:${containerNameOf(ctx.project.name, other, svc, 1)}`);
  const unit = `${containerSectionName(ctx.project.name, other, 1, replicasOf(svc))}.service`;
  conv.add('Unit.After', unit);
  conv.add('Unit.Requires', unit);
}

function networks(ctx: ConvertContext, conv: ServiceConverter, name: string, svc: JsonMap): void {
  if (typeof svc.network_mode === 'string') {
    const mode = svc.network_mode;
    if (ctx.pod) conv.drop('network_mode', 'containers in a pod share the pod\'s network');
    else if (mode.startsWith('service:')) joinService(ctx, conv, mode.slice('service:'.length));
    else conv.add('Network', mode);
    return;
  }
  const nets = isMap(svc.networks) ? svc.networks : { default: null };
  for (const [net, opts] of Object.entries(nets)) {
    const ref = ctx.networks.get(net) ?? net;
    if (ctx.pod) {
      if (!ctx.pod.entries.some((e) => e.key === 'Network' && e.value === ref)) add(ctx.pod, 'Network', ref);
      if (opts !== null) conv.drop(`networks.${net}`, 'addresses and aliases are per container; a pod has one network namespace for all');
    } else conv.add('Network', networkLine(ref, opts, conv, net));
  }
  // Compose services find each other by service name.
  if (!ctx.pod) conv.add('NetworkAlias', name);
}

function replicaProblem(ctx: ConvertContext, name: string, svc: JsonMap): string | undefined {
  const deploy = isMap(svc.deploy) ? svc.deploy : {};
  const given = deploy.replicas ?? svc.scale;
  if (given === undefined) return undefined;
  const n = Number(given);
  if (!Number.isInteger(n) || n < 0) return `${JSON.stringify(given)} is not a number of replicas`;
  return n === 0 ? 'no replicas: the service is not run, and nothing is written for it' : undefined;
}

export function convertService(ctx: ConvertContext, name: string, svc: JsonMap): ServiceUnits {
  const replicas = replicasOf(svc);
  const problem = replicaProblem(ctx, name, svc);
  if (problem) {
    const path = `services.${name}.${isMap(svc.deploy) && svc.deploy.replicas !== undefined ? 'deploy.replicas' : 'scale'}`;
    ctx.out.dropped.push({ path, reason: problem, at: ctx.project.positions.get(path.split('.')) });
  }
  const sections: OutSection[] = [];
  const containerNames: string[] = [];
  for (let i = 1; i <= replicas; i++) {
    const sectionName = containerSectionName(ctx.project.name, name, i, replicas);
    const comments = [`${describeSource(ctx.project, `services.${name}`)}${replicas > 1 ? `, replica ${i} of ${replicas}` : ''}`];
    const section = ctx.out.section('container', sectionName, `services.${name}`, comments);
    const conv = new ServiceConverter(ctx, name, section, i === 1);
    const image = imageOf(ctx, name, svc, conv);
    if (image !== undefined) add(section, 'Image', image);
    const containerName = containerNameOf(ctx.project.name, name, svc, i);
    if (typeof svc.container_name === 'string' && replicas > 1) conv.drop('container_name', 'a fixed container name can not be given to several replicas');
    add(section, 'ContainerName', containerName);
    containerNames.push(containerName);
    if (ctx.pod) add(section, 'Pod', ctx.pod.name);
    networks(ctx, conv, name, svc);
    ports(conv, svc);
    volumes(ctx, conv, svc);
    fileMounts(ctx, conv, svc, 'secrets');
    fileMounts(ctx, conv, svc, 'configs');
    for (const [field, value] of Object.entries(svc)) {
      if (HANDLED_HERE.has(field) || field.startsWith('x-')) continue;
      const handler = FIELDS[field];
      if (ctx.pod && NOT_IN_POD[field]) conv.drop(field, NOT_IN_POD[field]);
      else if (handler) handler(value, conv.fieldContext(field));
      else conv.drop(field, NOT_CARRIED[field] ?? 'quadctl does not carry this field over');
    }
    add(section, 'Install.WantedBy', 'default.target');
    conv.finish();
    sections.push(section);
  }
  return { sections, containerNames };
}
