// Top-level networks and volumes → [network.*] and [volume.*] sections. Each
// keeps the Podman name Compose gives it (`PROJECT_NAME`, or its `name:`), so an
// existing deployment's volumes and their data are used, not new empty ones.
import { add, type Output } from './output';
import { describeSource, type Project } from './project';
import { isMap, type Json, type JsonMap } from './tree';
import { truthy } from './values';

/** What a service writes to use a resource: a config section name, or an outside Podman name. */
export type Refs = ReadonlyMap<string, string>;

interface Ctx {
  readonly project: Project;
  readonly out: Output;
}

const sectionName = (project: string, name: string): string => `${project}-${name}`;

function drop(ctx: Ctx, path: string, reason: string): void {
  ctx.out.dropped.push({ path, reason, at: ctx.project.positions.get(path.split('.')) });
}

function comments(ctx: Ctx, path: string, declared: boolean): string[] {
  if (!declared) return [`the project's ${path.split('.')[1]} network (Compose makes one for services that name none)`];
  return [describeSource(ctx.project, path)];
}

function keyValues(def: JsonMap, field: string): [string, Json][] {
  const v = def[field];
  if (Array.isArray(v)) return v.map((item) => String(item).split(/=(.*)/s)).map(([k, val]) => [k, val ?? '']);
  return isMap(v) ? Object.entries(v) : [];
}

function network(ctx: Ctx, name: string, def: JsonMap, declared: boolean): string {
  const path = `networks.${name}`;
  if (truthy(def.external)) return typeof def.name === 'string' ? def.name : name;
  const section = sectionName(ctx.project.name, name);
  const s = ctx.out.section('network', section, path, comments(ctx, path, declared));
  add(s, 'NetworkName', typeof def.name === 'string' ? def.name : `${ctx.project.name}_${name}`);
  if (typeof def.driver === 'string' && def.driver !== 'bridge') add(s, 'Driver', def.driver);
  for (const [k, v] of keyValues(def, 'driver_opts')) add(s, 'Options', `${k}=${String(v)}`);
  if (truthy(def.internal)) add(s, 'Internal', 'true');
  if (truthy(def.enable_ipv6)) add(s, 'IPv6', 'true');
  for (const [k, v] of keyValues(def, 'labels')) add(s, 'Label', `${k}=${String(v)}`);
  if (def.attachable !== undefined) drop(ctx, `${path}.attachable`, 'a Swarm overlay setting; every Podman network is attachable');
  const ipam = isMap(def.ipam) ? def.ipam : {};
  if (typeof ipam.driver === 'string' && ipam.driver !== 'default') add(s, 'IPAMDriver', ipam.driver);
  if (ipam.options !== undefined) drop(ctx, `${path}.ipam.options`, 'Quadlet has no IPAM driver options');
  (Array.isArray(ipam.config) ? ipam.config : []).forEach((c, i) => {
    if (!isMap(c)) return;
    if (typeof c.subnet === 'string') add(s, 'Subnet', c.subnet);
    if (typeof c.gateway === 'string') add(s, 'Gateway', c.gateway);
    if (typeof c.ip_range === 'string') add(s, 'IPRange', c.ip_range);
    if (c.aux_addresses !== undefined) drop(ctx, `${path}.ipam.config.${i}.aux_addresses`, 'Podman can not reserve addresses in a subnet');
  });
  return section;
}

const LOCAL_OPTS: Readonly<Record<string, string>> = { type: 'Type', o: 'Options', device: 'Device' };

function volume(ctx: Ctx, name: string, def: JsonMap): string {
  const path = `volumes.${name}`;
  if (truthy(def.external)) return typeof def.name === 'string' ? def.name : name;
  const section = sectionName(ctx.project.name, name);
  const s = ctx.out.section('volume', section, path, comments(ctx, path, true));
  add(s, 'VolumeName', typeof def.name === 'string' ? def.name : `${ctx.project.name}_${name}`);
  const local = def.driver === undefined || def.driver === 'local';
  if (!local) add(s, 'Driver', String(def.driver));
  for (const [k, v] of keyValues(def, 'driver_opts')) {
    if (local && LOCAL_OPTS[k]) add(s, LOCAL_OPTS[k], String(v));
    else drop(ctx, `${path}.driver_opts.${k}`, 'Quadlet volumes take only the local driver\'s type, o and device options');
  }
  for (const [k, v] of keyValues(def, 'labels')) add(s, 'Label', `${k}=${String(v)}`);
  return section;
}

function section(doc: JsonMap, key: string): JsonMap {
  return isMap(doc[key]) ? (doc[key] as JsonMap) : {};
}

/** The networks the active services use (Compose creates no others) and every declared volume. */
export function convertResources(project: Project, out: Output, usedNetworks: ReadonlySet<string>): { networks: Refs; volumes: Refs } {
  const ctx: Ctx = { project, out };
  const declared = section(project.doc, 'networks');
  const networks = new Map<string, string>();
  for (const name of usedNetworks) {
    const def = declared[name];
    networks.set(name, network(ctx, name, isMap(def) ? def : {}, isMap(def) || name in declared));
  }
  const volumes = new Map<string, string>();
  for (const [name, def] of Object.entries(section(project.doc, 'volumes'))) volumes.set(name, volume(ctx, name, isMap(def) ? def : {}));
  return { networks, volumes };
}
