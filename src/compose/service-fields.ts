// Each field of a Compose service → quadctl config keys of its [container.*]
// section. A field with no entry here is not carried over, and says why: the
// table of reasons is at the bottom. Fields whose mapping depends on the other
// services (depends_on, networks, volumes, secrets, configs, ports in a pod)
// are handled with that knowledge by service.ts.
import { isMap, type Json } from './tree';
import { byteSize, commandWords, durationSeconds, truthy } from './values';

export interface FieldContext {
  add(key: string, value: string | readonly string[]): void;
  /** The field's own path below the service (`deploy.resources`). */
  drop(subpath: string, reason: string): void;
  /** A Podman option quadctl has no key for, passed with PodmanArgs. */
  podmanArg(flag: string, value?: string): void;
}

type FieldHandler = (value: Json, ctx: FieldContext) => void;

const entries = (v: Json): [string, Json][] => (isMap(v) ? Object.entries(v) : []);
const list = (v: Json): Json[] => (Array.isArray(v) ? v : v === null || v === undefined ? [] : [v]);
const text = (v: Json): string => (typeof v === 'string' ? v : JSON.stringify(v));

function keyValues(key: string): FieldHandler {
  return (v, ctx) => {
    for (const [k, val] of entries(v)) ctx.add(key, val === null ? k : `${k}=${text(val)}`);
  };
}

function each(key: string, map: (v: string) => string = (v) => v): FieldHandler {
  return (v, ctx) => {
    for (const item of list(v)) ctx.add(key, map(String(item)));
  };
}

const single = (key: string, map: (v: Json) => string = text): FieldHandler => (v, ctx) => ctx.add(key, map(v));
const flag = (key: string): FieldHandler => (v, ctx) => ctx.add(key, truthy(v) ? 'true' : 'false');
const podman = (name: string, map: (v: Json) => string = text): FieldHandler => (v, ctx) => ctx.podmanArg(name, map(v));
const podmanSwitch = (name: string): FieldHandler => (v, ctx) => {
  if (truthy(v)) ctx.podmanArg(name);
};

function size(key: string): FieldHandler {
  return (v, ctx) => {
    const s = byteSize(v);
    if (s === undefined) ctx.drop('', `${JSON.stringify(v)} is not a byte size`);
    else ctx.add(key, s);
  };
}

function environment(v: Json, ctx: FieldContext): void {
  // A variable without a value takes the importing shell's value in Compose; the
  // project loader has already put it in, or left it null when unset (then Compose sets nothing either).
  for (const [k, val] of entries(v)) if (val !== null) ctx.add('Environment', `${k}=${text(val)}`);
}

function envFile(v: Json, ctx: FieldContext): void {
  for (const e of list(v)) if (isMap(e)) ctx.add('EnvironmentFile', String(e.path));
}

function user(v: Json, ctx: FieldContext): void {
  const [u, g] = String(v).split(':');
  ctx.add('User', u);
  if (g !== undefined) ctx.add('Group', g);
}

function command(v: Json, ctx: FieldContext): void {
  ctx.add('Exec', commandWords(v));
}

function entrypoint(v: Json, ctx: FieldContext): void {
  const words = commandWords(v);
  if (words.length === 0) {
    ctx.podmanArg('--entrypoint', '');
    return;
  }
  // Podman takes a JSON array for an entrypoint of several words.
  ctx.add('Entrypoint', words.length === 1 ? words[0] : JSON.stringify(words));
}

const CAP = (c: string): string => c.replace(/^CAP_/i, '').toUpperCase();

function healthcheck(v: Json, ctx: FieldContext): void {
  if (!isMap(v)) return;
  const test = v.test;
  const words = Array.isArray(test) ? test.map(String) : test === undefined ? undefined : ['CMD-SHELL', String(test)];
  if (truthy(v.disable) || words?.[0] === 'NONE') {
    ctx.add('HealthCmd', 'none');
    return;
  }
  if (words) ctx.add('HealthCmd', words[0] === 'CMD' ? JSON.stringify(words.slice(1)) : words.slice(1).join(' '));
  const durations: [string, string][] = [['interval', 'HealthInterval'], ['timeout', 'HealthTimeout'], ['start_period', 'HealthStartPeriod']];
  for (const [field, key] of durations) if (v[field] !== undefined) ctx.add(key, String(v[field]));
  if (v.retries !== undefined) ctx.add('HealthRetries', String(v.retries));
  if (v.start_interval !== undefined) ctx.drop('start_interval', 'Podman has no separate check interval during the start period');
}

const RESTART: Readonly<Record<string, string>> = { no: 'no', always: 'always', 'unless-stopped': 'always', 'on-failure': 'on-failure', any: 'always', none: 'no' };

function restartPolicy(policy: string, ctx: FieldContext): void {
  const [name, count] = policy.split(':');
  const mapped = RESTART[name];
  if (!mapped) {
    ctx.drop('', `${JSON.stringify(policy)} is not a restart policy`);
    return;
  }
  ctx.add('Service.Restart', mapped);
  if (count !== undefined) ctx.add('Unit.StartLimitBurst', count);
}

function ulimits(v: Json, ctx: FieldContext): void {
  for (const [name, limit] of entries(v)) {
    const value = isMap(limit) ? `${text(limit.soft)}:${text(limit.hard)}` : text(limit);
    ctx.add('Ulimit', `${name}=${value}`);
  }
}

function logging(v: Json, ctx: FieldContext): void {
  if (!isMap(v)) return;
  if (typeof v.driver === 'string') ctx.add('LogDriver', v.driver);
  for (const [k, val] of entries(v.options ?? null)) {
    // Podman's log options: max-size, path, tag (and labels for journald); the rest are Docker's.
    if (['max-size', 'path', 'tag'].includes(k)) ctx.add('LogOpt', `${k}=${text(val)}`);
    else ctx.drop(`options.${k}`, `Podman's log drivers have no ${k} option`);
  }
}

/** security_opt entries with a key of their own; the rest go to Podman as --security-opt. */
function securityOpt(v: Json, ctx: FieldContext): void {
  for (const opt of list(v).map(String)) {
    const [name, value = ''] = opt.split(/[=:](.*)/s);
    if (name === 'no-new-privileges') ctx.add('NoNewPrivileges', value === '' || truthy(value) ? 'true' : 'false');
    else if (opt === 'label=disable' || opt === 'label:disable') ctx.add('SecurityLabelDisable', 'true');
    else if (name === 'seccomp') ctx.add('SeccompProfile', value);
    else ctx.podmanArg('--security-opt', opt);
  }
}

function tmpfs(v: Json, ctx: FieldContext): void {
  for (const t of list(v)) ctx.add('Tmpfs', String(t));
}

function stopGrace(v: Json, ctx: FieldContext): void {
  const s = durationSeconds(String(v));
  if (s === undefined) ctx.drop('', `${JSON.stringify(v)} is not a duration`);
  else ctx.add('StopTimeout', String(Math.ceil(s)));
}

const PULL: Readonly<Record<string, string>> = { always: 'always', never: 'never', missing: 'missing', if_not_present: 'missing', daily: 'newer', weekly: 'newer' };

function pullPolicy(v: Json, ctx: FieldContext): void {
  const p = PULL[String(v)];
  if (p) ctx.add('Pull', p);
  else if (String(v) === 'build') return; // the [build.*] unit builds the image
  else ctx.drop('', `Podman has no pull policy ${JSON.stringify(v)}`);
}

function resources(v: Json, ctx: FieldContext): void {
  if (!isMap(v)) return;
  const limits = isMap(v.limits) ? v.limits : {};
  const reservations = isMap(v.reservations) ? v.reservations : {};
  if (limits.memory !== undefined) ctx.podmanArg('--memory', byteSize(limits.memory) ?? text(limits.memory));
  if (limits.cpus !== undefined) ctx.podmanArg('--cpus', text(limits.cpus));
  if (limits.pids !== undefined) ctx.add('PidsLimit', text(limits.pids));
  if (reservations.memory !== undefined) ctx.podmanArg('--memory-reservation', byteSize(reservations.memory) ?? text(reservations.memory));
  for (const k of Object.keys(limits)) if (!['memory', 'cpus', 'pids'].includes(k)) ctx.drop(`resources.limits.${k}`, 'Podman has no such limit');
  for (const k of Object.keys(reservations)) if (k !== 'memory') ctx.drop(`resources.reservations.${k}`, k === 'devices' ? 'device reservations (GPUs) are Docker/Swarm scheduling; give the device with devices: or a CDI name' : 'Podman reserves no CPU; only limits are carried over');
}

/** deploy: what a single host can do; replicas are handled by the caller. */
function deploy(v: Json, ctx: FieldContext): void {
  if (!isMap(v)) return;
  for (const [k, val] of Object.entries(v)) {
    if (k === 'replicas' || k === 'mode' && val === 'replicated') continue;
    if (k === 'resources') resources(val, ctx);
    else if (k === 'restart_policy' && isMap(val)) {
      if (val.condition !== undefined) restartPolicy(String(val.condition), ctx);
      if (val.delay !== undefined) ctx.add('Service.RestartSec', String(durationSeconds(String(val.delay)) ?? val.delay));
      if (val.max_attempts !== undefined) ctx.add('Unit.StartLimitBurst', text(val.max_attempts));
      if (val.window !== undefined) ctx.drop('restart_policy.window', 'systemd counts restarts within StartLimitIntervalSec, not after a success window');
    } else ctx.drop(k, DEPLOY_REASONS[k] ?? 'a Swarm setting with no meaning for one host');
  }
}

const DEPLOY_REASONS: Readonly<Record<string, string>> = {
  placement: 'placement constraints choose a Swarm node; quadctl runs on this host',
  mode: 'global mode runs one task per Swarm node; on one host that is one container',
  labels: 'service labels are Swarm metadata; use labels: for the container',
  update_config: 'rolling update settings are Swarm\'s; quadctl updates with update.* keys',
  rollback_config: 'rollback settings are Swarm\'s; quadctl rolls back by health (docs/rollback.md)',
  endpoint_mode: 'a Swarm load-balancing mode',
};

export const FIELDS: Readonly<Record<string, FieldHandler>> = {
  command,
  entrypoint,
  environment,
  env_file: envFile,
  working_dir: single('WorkingDir'),
  user,
  labels: keyValues('Label'),
  annotations: keyValues('Annotation'),
  cap_add: each('AddCapability', CAP),
  cap_drop: each('DropCapability', CAP),
  devices: (v, ctx) => {
    for (const d of list(v)) ctx.add('AddDevice', isMap(d) ? [d.source, d.target, d.permissions].filter((x) => x !== undefined).map(String).join(':') : String(d));
  },
  dns: each('DNS'),
  dns_search: each('DNSSearch'),
  dns_opt: each('DNSOption'),
  extra_hosts: each('AddHost', (h) => h.replace('=', ':')),
  hostname: single('HostName'),
  init: flag('RunInit'),
  read_only: flag('ReadOnly'),
  security_opt: securityOpt,
  sysctls: keyValues('Sysctl'),
  ulimits,
  shm_size: size('ShmSize'),
  stop_signal: single('StopSignal'),
  stop_grace_period: stopGrace,
  logging,
  healthcheck,
  restart: (v, ctx) => restartPolicy(String(v), ctx),
  tmpfs,
  expose: each('ExposeHostPort', (p) => p.replace(/\/tcp$/, '')),
  pull_policy: pullPolicy,
  group_add: each('GroupAdd'),
  userns_mode: single('UserNS'),
  container_name: () => undefined, // used for ContainerName by service.ts
  pids_limit: single('PidsLimit'),
  mem_limit: podman('--memory', (v) => byteSize(v) ?? text(v)),
  mem_reservation: podman('--memory-reservation', (v) => byteSize(v) ?? text(v)),
  memswap_limit: podman('--memory-swap', (v) => byteSize(v) ?? text(v)),
  mem_swappiness: podman('--memory-swappiness'),
  cpus: podman('--cpus'),
  cpu_shares: podman('--cpu-shares'),
  cpu_quota: podman('--cpu-quota'),
  cpu_period: podman('--cpu-period'),
  cpuset: podman('--cpuset-cpus'),
  oom_score_adj: podman('--oom-score-adj'),
  oom_kill_disable: podmanSwitch('--oom-kill-disable'),
  privileged: podmanSwitch('--privileged'),
  tty: podmanSwitch('--tty'),
  stdin_open: podmanSwitch('--interactive'),
  ipc: podman('--ipc'),
  pid: podman('--pid'),
  uts: podman('--uts'),
  cgroup: podman('--cgroupns'),
  runtime: podman('--runtime'),
  platform: podman('--platform'),
  domainname: podman('--domainname'),
  mac_address: podman('--mac-address'),
  device_cgroup_rules: (v, ctx) => {
    for (const r of list(v)) ctx.podmanArg('--device-cgroup-rule', String(r));
  },
  deploy,
  scale: () => undefined, // replicas: service.ts
  profiles: () => undefined, // chosen when the project was loaded
};

/** Why a field is not carried over: what it means and what quadctl can not do. */
export const NOT_CARRIED: Readonly<Record<string, string>> = {
  links: 'legacy links: services reach each other by name on a shared network; use depends_on for order',
  external_links: 'legacy links to containers outside the project',
  volumes_from: 'Quadlet has no --volumes-from; name the volumes in volumes: instead',
  cgroup_parent: 'systemd places each unit in its own cgroup (use Service.Slice)',
  credential_spec: 'a Windows setting',
  isolation: 'a Windows setting',
  storage_opt: 'per-container storage options depend on the storage driver; set them in storage.conf',
  blkio_config: 'no Quadlet key; use Service.IOWeight and friends',
  cpu_count: 'a Windows setting',
  cpu_percent: 'a Windows setting',
  cpu_rt_period: 'no Quadlet key',
  cpu_rt_runtime: 'no Quadlet key',
  develop: 'compose watch is a development loop, not a service setting',
  post_start: 'lifecycle hooks run by Compose; use Service.ExecStartPost',
  pre_stop: 'lifecycle hooks run by Compose; use Service.ExecStop',
  gpus: 'give the GPU with devices: (a CDI name such as nvidia.com/gpu=all)',
  models: 'Docker Model Runner models',
  provider: 'Compose provider services are run by Compose plugins',
  use_api_socket: 'mounts Docker Desktop\'s API socket',
  attach: 'log attachment of `compose up`; systemd collects every log in the journal',
  label_file: 'not read; give the labels with labels:',
  pull_refresh_after: 'use quadctl\'s update.* keys for image updates',
};
