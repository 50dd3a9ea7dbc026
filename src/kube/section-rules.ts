// The keys of [pod.*] and [volume.*] sections, systemd's own sections, and the
// section types with no Kubernetes object of their own.
import type { UnitKind } from '../config';
import { NETWORK_RULES } from './network-rules';
import { podmanArgsRule } from './podman-args';
import { CONTAINER_RULES } from './container-rules';
import { isLabelKey, isLabelValue } from './names';
import { cpuFromQuota, memoryQuantity } from './quantities';
import { carry, containersOf, drop, type Rule } from './rule';
import { shmRule, volumeRule } from './volumes';

const HOST_ONLY = 'it configures the host side of Podman, which a cluster does not have';
const USERNS = 'user namespace mappings are the node\'s (hostUsers: false lets Kubernetes choose them)';

export const POD_RULES: Readonly<Record<string, Rule>> = {
  ...NETWORK_RULES,
  ContainersConfModule: drop(HOST_ONLY),
  GIDMap: drop(USERNS),
  GlobalArgs: drop(HOST_ONLY),
  PodName: drop('the Deployment is named after the section; Kubernetes names its pods'),
  PodmanArgs: carry(podmanArgsRule),
  PublishPort: CONTAINER_RULES.PublishPort,
  ServiceName: drop('a systemd service name; the .kube unit of --podman takes the pod service\'s name'),
  ShmSize: carry(shmRule),
  SubGIDMap: drop(USERNS),
  SubUIDMap: drop(USERNS),
  UIDMap: drop(USERNS),
  UserNS: drop(USERNS),
  Volume: carry(volumeRule),
  // Keys Quadlet 5.5-5.7 added, and the deprecated user-namespace keys.
  ExitPolicy: drop('a pod lives as long as its Deployment: there is no exit policy'),
  HostName: CONTAINER_RULES.HostName,
  Label: CONTAINER_RULES.Label,
  RemapGid: drop(USERNS),
  RemapUid: drop(USERNS),
  RemapUidSize: drop(USERNS),
  RemapUsers: drop(USERNS),
  StopTimeout: CONTAINER_RULES.StopTimeout,
};

const STORAGE = 'how a claim is stored is the cluster\'s StorageClass, not the claim\'s';

/** [volume.*]: the PersistentVolumeClaim takes the labels; storage details are the cluster's. */
export const VOLUME_RULES: Readonly<Record<string, Rule>> = {
  ContainersConfModule: drop(HOST_ONLY),
  Copy: drop('a new claim starts empty; Kubernetes does not copy the image\'s files into it'),
  Device: drop(STORAGE),
  Driver: drop(STORAGE),
  GlobalArgs: drop(HOST_ONLY),
  Group: drop('file ownership on a claim is set by the pod\'s fsGroup'),
  Image: drop(STORAGE),
  Label: carry(() => undefined),
  Options: drop(STORAGE),
  PodmanArgs: drop(HOST_ONLY),
  ServiceName: drop('a systemd service name; a claim has no service'),
  Type: drop(STORAGE),
  User: drop('file ownership on a claim is set by the pod\'s fsGroup'),
  VolumeName: drop('the claim is named after the section (podman kube play names the volume after the claim)'),
};

/** Labels of a [volume.*] for its claim (the ones Kubernetes accepts as labels, the rest as annotations). */
export function splitLabels(pairs: readonly string[]): { labels: Record<string, string>; annotations: Record<string, string> } {
  const labels: Record<string, string> = {};
  const annotations: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    const [k, v] = eq < 0 ? [p, ''] : [p.slice(0, eq), p.slice(eq + 1)];
    if (isLabelKey(k) && isLabelValue(v)) labels[k] = v;
    else annotations[k] = v;
  }
  return { labels, annotations };
}

/** Why a whole section has no Kubernetes object. */
export const SECTION_REASONS: Readonly<Partial<Record<UnitKind, string>>> = {
  network: 'Kubernetes gives every pod one address on one flat cluster network; workloads find each other by Service name (a NetworkPolicy can fence them)',
  image: 'the cluster pulls images itself when a pod needs them (imagePullPolicy)',
  build: 'a cluster does not build images: build and push it, then name it in Image=',
  kube: 'it already is Kubernetes YAML: apply its file as it is',
};

const DESCRIPTION = 'kubernetes.io/description';

const ORDERING = 'systemd ordering and dependencies have no Kubernetes form: every pod starts at once, so a container must wait for what it needs itself (readiness probes, retries)';

/** systemd keys with a pod spec form; every other systemd key is listed with its section's reason. */
export const SYSTEMD_RULES: Readonly<Record<string, Rule>> = {
  'Service.MemoryMax': carry((ctx) => {
    const q = memoryQuantity(ctx.value.text);
    if (q === undefined) return ctx.drop(`${ctx.value.text} is not a byte size`);
    for (const c of containersOf(ctx.target)) c.resources = { ...c.resources, limits: { ...c.resources?.limits, memory: q } };
  }),
  'Service.CPUQuota': carry((ctx) => {
    const q = cpuFromQuota(ctx.value.text);
    if (q === undefined) return ctx.drop(`${ctx.value.text} is not a percentage`);
    for (const c of containersOf(ctx.target)) c.resources = { ...c.resources, limits: { ...c.resources?.limits, cpu: q } };
  }),
  // The well-known annotation for a description; a pod's own wins over its containers'.
  'Unit.Description': carry((ctx) => {
    const a = ctx.target.workload.annotations;
    if (ctx.owner || a[DESCRIPTION] === undefined) a[DESCRIPTION] = ctx.value.text;
  }),
  'Service.Restart': drop('a Deployment always restarts its containers (restartPolicy: Always); there is no other policy'),
};

export const SYSTEMD_GROUP_REASONS: Readonly<Record<string, string>> = {
  Unit: ORDERING,
  Service: 'it configures the host\'s systemd service around Podman, which a pod does not have',
  Install: 'when the host starts the unit: a Deployment runs whenever the cluster does',
  Quadlet: 'a switch of Quadlet\'s own',
};

/** With --podman, these go into the .kube unit, so they are carried. */
export const KUBE_UNIT_KEYS: ReadonlySet<string> = new Set(['Install.WantedBy', 'Install.RequiredBy', 'Install.UpheldBy']);
