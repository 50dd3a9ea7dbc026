// Every key of a [container.*] section: how it is carried into the container and its
// pod, or why it is not. A key missing here is a test failure (test/unit/kube), so a
// key added to the catalog can not be dropped silently.
import type { IContainer } from 'kubernetes-models/v1/Container';
import { dnsLabel, dnsSubdomain, isLabelKey, isLabelValue } from './names';
import { healthRule, jsonWords, startupRule, timingOf } from './probes';
import { parseExpose, parsePublish } from './ports';
import { podmanArgsRule } from './podman-args';
import { memoryQuantity } from './quantities';
import { carry, drop, type Rule, type RuleContext } from './rule';
import { NETWORK_RULES } from './network-rules';
import { UPDATE_LABEL_KEYS } from './update-policy';
import { mountRule, shmRule, tmpfsRule, volumeRule } from './volumes';
import { byCodePoint } from '../text-order';


function container(ctx: RuleContext): IContainer {
  const c = ctx.target.container;
  if (!c) throw new Error('a container key outside a container');
  return c;
}

function security(ctx: RuleContext): NonNullable<IContainer['securityContext']> {
  const c = container(ctx);
  c.securityContext ??= {};
  return c.securityContext;
}

function podSecurity(ctx: RuleContext): NonNullable<RuleContext['target']['workload']['pod']['securityContext']> {
  const pod = ctx.target.workload.pod;
  pod.securityContext ??= {};
  return pod.securityContext;
}

const numeric = (v: string): number | undefined => (/^\d+$/.test(v) ? Number(v) : undefined);

function keyValue(text: string): [string, string] {
  const eq = text.indexOf('=');
  return eq < 0 ? [text, ''] : [text.slice(0, eq), text.slice(eq + 1)];
}

function setEnv(c: IContainer, name: string, value: string): void {
  c.env = [...(c.env ?? []).filter((e) => e.name !== name), { name, value }].sort((a, b) => byCodePoint(a.name, b.name));
}

const capability = (w: string): string => w.toUpperCase().replace(/^CAP_/, '');

function capabilities(which: 'add' | 'drop') {
  return (ctx: RuleContext): void => {
    const sc = security(ctx);
    sc.capabilities ??= {};
    sc.capabilities[which] = [...(sc.capabilities[which] ?? []), ...ctx.value.words.map(capability)];
  };
}

function publish(ctx: RuleContext): void {
  const r = parsePublish(ctx.value.text);
  if (!r.ok) return ctx.drop(r.error);
  const p = r.value;
  const c = ctx.target.container ?? ctx.target.workload.containers[0];
  if (!c) return ctx.drop('the pod has no container to publish the port of');
  ctx.target.workload.published.push(p);
  if (!(c.ports ?? []).some((x) => x.containerPort === p.containerPort && x.protocol === p.protocol)) c.ports = [...(c.ports ?? []), { containerPort: p.containerPort, protocol: p.protocol }];
}

function expose(ctx: RuleContext): void {
  const r = parseExpose(ctx.value.text);
  if (!r.ok) return ctx.drop(r.error);
  const p = r.value;
  const c = container(ctx);
  if (!(c.ports ?? []).some((x) => x.containerPort === p.containerPort && x.protocol === p.protocol)) c.ports = [...(c.ports ?? []), { containerPort: p.containerPort, protocol: p.protocol }];
}

function labelRule(ctx: RuleContext): void {
  const [k, v] = keyValue(ctx.value.text);
  if (UPDATE_LABEL_KEYS.has(k)) return; // quadctl's updater labels: carried as update.* (update-policy.ts)
  const w = ctx.target.workload;
  if (isLabel(k, v)) w.podLabels[k] = v;
  else w.podAnnotations[k] = v;
}

const isLabel = (k: string, v: string): boolean => isLabelKey(k) && isLabelValue(v);

const PULL_POLICY: Readonly<Record<string, 'Always' | 'IfNotPresent' | 'Never'>> = { always: 'Always', missing: 'IfNotPresent', never: 'Never', newer: 'IfNotPresent' };

function user(ctx: RuleContext): void {
  const [u, g] = ctx.value.text.split(':');
  const uid = numeric(u);
  const gid = g === undefined ? undefined : numeric(g);
  if (uid === undefined || (g !== undefined && gid === undefined)) return ctx.drop('Kubernetes runs as numeric ids only (runAsUser/runAsGroup): write User = UID[:GID]');
  const sc = security(ctx);
  sc.runAsUser = uid;
  if (gid !== undefined) sc.runAsGroup = gid;
}

function group(ctx: RuleContext): void {
  const gid = numeric(ctx.value.text);
  if (gid === undefined) return ctx.drop('Kubernetes takes a numeric group id only (runAsGroup)');
  security(ctx).runAsGroup = gid;
}

function groupAdd(ctx: RuleContext): void {
  const gid = numeric(ctx.value.text);
  if (gid === undefined) return ctx.drop('Kubernetes takes numeric supplemental groups only (keep-groups and names have no form)');
  const ps = podSecurity(ctx);
  ps.supplementalGroups = [...(ps.supplementalGroups ?? []), gid];
}

function image(ctx: RuleContext): void {
  const ref = ctx.refs.images.get(ctx.value.text);
  container(ctx).image = ref ?? ctx.value.text;
}

function entrypoint(ctx: RuleContext): void {
  // Podman takes a JSON array, or one string as the whole entrypoint.
  container(ctx).command = jsonWords(ctx.value.text) ?? [ctx.value.text];
}

function secret(ctx: RuleContext): void {
  const [name, ...opts] = ctx.value.text.split(',');
  const o = new Map(opts.map((x) => keyValue(x)));
  const c = container(ctx);
  const secretName = dnsSubdomain(name);
  if (o.get('type') === 'env') {
    c.env = [...(c.env ?? []), { name: o.get('target') ?? name, valueFrom: { secretKeyRef: { name: secretName, key: name } } }];
  } else if (ctx.refs.podman) {
    return ctx.drop('podman kube play mounts no Secret volumes (only hostPath, emptyDir, persistentVolumeClaim and, on Podman 5, configMap and image): use type=env, or a hostPath');
  } else {
    const target = o.get('target') ?? name;
    const path = target.startsWith('/') ? target : `/run/secrets/${target}`;
    const volume = dnsLabel(`secret-${name}`);
    ctx.target.workload.volumes.set(volume, { name: volume, secret: { secretName } });
    c.volumeMounts = [...(c.volumeMounts ?? []), { name: volume, mountPath: path, subPath: name, readOnly: true }];
  }
  ctx.warn(`Podman secret ${name} is referenced as the Kubernetes Secret ${secretName} (key ${name}): create it in the cluster, its value is not in the config`);
  const unsupported = [...o.keys()].filter((k) => !['type', 'target'].includes(k));
  if (unsupported.length > 0) ctx.drop(`secret option${unsupported.length > 1 ? 's' : ''} ${unsupported.join(', ')} (uid, gid, mode) ha${unsupported.length > 1 ? 've' : 's'} no per-mount form; set defaultMode on the volume by hand`);
}

function envFile(ctx: RuleContext): void {
  const path = ctx.value.text;
  const base = path.split('/').pop() ?? path;
  const name = dnsSubdomain(`${ctx.target.workload.name}-${base}`);
  ctx.target.workload.configMaps.set(name, path);
  const c = container(ctx);
  c.envFrom = [...(c.envFrom ?? []), { configMapRef: { name } }];
}

const HOST_ONLY = 'it configures the host side of Podman (systemd, conmon, the host\'s files), which a cluster does not have';

export const CONTAINER_RULES: Readonly<Record<string, Rule>> = {
  ...NETWORK_RULES,
  AddCapability: carry(capabilities('add')),
  AddDevice: drop('host devices reach a pod through a device plugin, not a pod spec field'),
  Annotation: carry((ctx) => {
    const [k, v] = keyValue(ctx.value.text);
    ctx.target.workload.podAnnotations[k] = v;
  }),
  AutoUpdate: carry((ctx) => {
    ctx.target.workload.podAnnotations[`io.containers.autoupdate/${container(ctx).name}`] = ctx.value.text;
  }),
  CgroupsMode: drop('the kubelet places every container in its pod\'s cgroup'),
  ContainerName: drop('the container is named after its section; Kubernetes names the running container itself'),
  ContainersConfModule: drop(HOST_ONLY),
  DropCapability: carry(capabilities('drop')),
  Entrypoint: carry(entrypoint),
  Environment: carry((ctx) => {
    const [k, v] = keyValue(ctx.value.text);
    setEnv(container(ctx), k, v);
  }),
  EnvironmentFile: carry(envFile),
  EnvironmentHost: drop('a pod does not inherit the environment of the node'),
  Exec: carry((ctx) => {
    container(ctx).args = [...ctx.value.words];
  }),
  ExposeHostPort: carry(expose),
  GIDMap: drop('user namespace mappings are the node\'s (hostUsers: false lets Kubernetes choose them)'),
  GlobalArgs: drop(HOST_ONLY),
  Group: carry(group),
  GroupAdd: carry(groupAdd),
  HealthCmd: carry(healthRule),
  HealthInterval: carry(timingOf('HealthCmd')),
  HealthLogDestination: drop('probe results are the kubelet\'s (kubectl describe pod shows them)'),
  HealthMaxLogCount: drop('probe results are the kubelet\'s (kubectl describe pod shows them)'),
  HealthMaxLogSize: drop('probe results are the kubelet\'s (kubectl describe pod shows them)'),
  HealthOnFailure: drop('a failing liveness probe restarts the container; there is no other action to choose'),
  HealthRetries: carry(timingOf('HealthCmd')),
  HealthStartPeriod: carry(timingOf('HealthCmd')),
  HealthStartupCmd: carry(startupRule),
  HealthStartupInterval: carry(timingOf('HealthStartupCmd')),
  HealthStartupRetries: carry(timingOf('HealthStartupCmd')),
  HealthStartupSuccess: drop('a startup probe succeeds on its first success (successThreshold must be 1)'),
  HealthStartupTimeout: carry(timingOf('HealthStartupCmd')),
  HealthTimeout: carry(timingOf('HealthCmd')),
  HostName: carry((ctx) => {
    ctx.target.workload.pod.hostname = ctx.value.text.toLowerCase();
  }),
  Image: carry(image),
  Label: carry(labelRule),
  LogDriver: drop('the node\'s container runtime and log collector handle logs'),
  LogOpt: drop('the node\'s container runtime and log collector handle logs'),
  Mask: drop('only the node\'s default and unmasked /proc exist in a pod spec (procMount)'),
  Mount: carry(mountRule),
  NoNewPrivileges: carry((ctx) => {
    security(ctx).allowPrivilegeEscalation = ctx.value.text === 'false' || ctx.value.text === 'no' || ctx.value.text === '0' || ctx.value.text === 'off';
  }),
  Notify: drop('systemd readiness notification has no pod form; a readiness probe tells Kubernetes the container is ready'),
  PidsLimit: drop('Kubernetes limits processes per pod on the node (the kubelet\'s podPidsLimit), not per container'),
  Pod: carry(() => undefined),
  PodmanArgs: carry(podmanArgsRule),
  PublishPort: carry(publish),
  Pull: carry((ctx) => {
    container(ctx).imagePullPolicy = PULL_POLICY[ctx.value.text] ?? 'IfNotPresent';
  }),
  ReadOnly: carry((ctx) => {
    security(ctx).readOnlyRootFilesystem = !['false', 'no', '0', 'off'].includes(ctx.value.text);
  }),
  ReadOnlyTmpfs: drop('a read-only container gets no automatic tmpfs in Kubernetes: add Tmpfs= for the paths it writes'),
  Rootfs: drop('a pod runs images only: build an image from the root filesystem and push it'),
  RunInit: drop('Kubernetes injects no init process: use an image with one (tini) or shareProcessNamespace'),
  SeccompProfile: carry((ctx) => {
    if (ctx.value.text === 'unconfined') security(ctx).seccompProfile = { type: 'Unconfined' };
    else ctx.drop('a seccomp profile file must be installed on every node and named as a Localhost profile relative to the kubelet\'s seccomp folder');
  }),
  Secret: carry(secret),
  SecurityLabelDisable: drop('SELinux separation is the node\'s policy; a pod can only set labels (seLinuxOptions)'),
  SecurityLabelFileType: drop('SELinux file labels are the node\'s policy'),
  SecurityLabelLevel: carry((ctx) => {
    security(ctx).seLinuxOptions = { ...security(ctx).seLinuxOptions, level: ctx.value.text };
  }),
  SecurityLabelNested: drop('nested SELinux containers have no pod form'),
  SecurityLabelType: carry((ctx) => {
    security(ctx).seLinuxOptions = { ...security(ctx).seLinuxOptions, type: ctx.value.text };
  }),
  ShmSize: carry(shmRule),
  StartWithPod: drop('every container of a pod starts with it'),
  StopSignal: drop('Kubernetes stops containers with SIGTERM (or the image\'s STOPSIGNAL)'),
  StopTimeout: carry((ctx) => {
    const pod = ctx.target.workload.pod;
    pod.terminationGracePeriodSeconds = Math.max(pod.terminationGracePeriodSeconds ?? 0, Number(ctx.value.text));
  }),
  SubGIDMap: drop('user namespace mappings are the node\'s (hostUsers: false lets Kubernetes choose them)'),
  SubUIDMap: drop('user namespace mappings are the node\'s (hostUsers: false lets Kubernetes choose them)'),
  Sysctl: carry((ctx) => {
    const ps = podSecurity(ctx);
    const [name, value] = keyValue(ctx.value.text);
    ps.sysctls = [...(ps.sysctls ?? []).filter((s) => s.name !== name), { name, value }];
  }),
  Timezone: carry((ctx) => {
    if (ctx.value.text === 'local') return ctx.drop('the host\'s time zone is not the cluster\'s: name a zone (Europe/Berlin)');
    setEnv(container(ctx), 'TZ', ctx.value.text);
  }),
  Tmpfs: carry(tmpfsRule),
  UIDMap: drop('user namespace mappings are the node\'s (hostUsers: false lets Kubernetes choose them)'),
  Ulimit: drop('resource limits per process are the node runtime\'s defaults; use resources for memory and CPU'),
  Unmask: drop('only the node\'s default and unmasked /proc exist in a pod spec (procMount)'),
  User: carry(user),
  UserNS: drop('user namespace mappings are the node\'s (hostUsers: false lets Kubernetes choose them)'),
  Volume: carry(volumeRule),
  WorkingDir: carry((ctx) => {
    container(ctx).workingDir = ctx.value.text;
  }),
  // Keys Quadlet 5.5-5.8 added, and the deprecated user-namespace keys.
  AppArmor: carry((ctx) => {
    if (ctx.value.text === 'unconfined') security(ctx).appArmorProfile = { type: 'Unconfined' };
    else ctx.drop('an AppArmor profile must be loaded on every node and named as a Localhost profile');
  }),
  HttpProxy: drop('the host\'s proxy variables do not reach a pod: set them with Environment='),
  Memory: carry((ctx) => {
    const q = memoryQuantity(ctx.value.text);
    if (q === undefined) return ctx.drop(`${ctx.value.text} is not a memory size Kubernetes can express`);
    const c = container(ctx);
    c.resources = { ...c.resources, limits: { ...c.resources?.limits, memory: q } };
  }),
  ReloadCmd: drop('Kubernetes has no reload action: a changed ConfigMap or a rollout restarts the container'),
  ReloadSignal: drop('Kubernetes has no reload action: a changed ConfigMap or a rollout restarts the container'),
  RemapGid: drop('user namespace mappings are the node\'s (hostUsers: false lets Kubernetes choose them)'),
  RemapUid: drop('user namespace mappings are the node\'s (hostUsers: false lets Kubernetes choose them)'),
  RemapUidSize: drop('user namespace mappings are the node\'s (hostUsers: false lets Kubernetes choose them)'),
  RemapUsers: drop('user namespace mappings are the node\'s (hostUsers: false lets Kubernetes choose them)'),
  Retry: drop('the kubelet retries image pulls itself (with back-off)'),
  RetryDelay: drop('the kubelet retries image pulls itself (with back-off)'),
  ServiceName: drop('a systemd service name; the .kube unit of --podman takes the pod service\'s name'),
  VolatileTmp: drop('a pod gets no automatic tmpfs: add Tmpfs=/tmp'),
};
