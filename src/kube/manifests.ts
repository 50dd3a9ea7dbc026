// The export model as Kubernetes objects, grouped into files named after the
// config's sections: one per workload (its ConfigMaps, Deployment and Service) and
// one per claim. Everything is sorted, so the same config gives the same bytes.
import type { ConfigUnit } from '../config';
import type { Claim, ExportModel, Workload } from './export';
import { splitLabels } from './section-rules';
import { byCodePoint } from '../text-order';

export type KubeObject = { readonly apiVersion: string; readonly kind: string; readonly metadata: { readonly name: string } & Record<string, unknown> } & Record<string, unknown>;

export interface ManifestFile {
  /** "container.web.yaml" */
  readonly name: string;
  readonly section: string;
  readonly objects: readonly KubeObject[];
  /** The systemd service name a .kube unit for this file takes (workloads only). */
  readonly service?: string;
  readonly unit?: ConfigUnit;
}

const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'quadctl' } as const;

function baseLabels(name: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name, ...MANAGED_BY };
}

const nonEmpty = <T extends object>(o: T): T | undefined => (Object.keys(o).length > 0 ? o : undefined);

function sortedRecord(o: Record<string, string>): Record<string, string> | undefined {
  return nonEmpty(Object.fromEntries(Object.entries(o).sort(([a], [b]) => byCodePoint(a, b))));
}

function deployment(w: Workload, podman: boolean): KubeObject {
  const d = w.draft;
  const containers = d.containers.map((c) => {
    if (!podman) return c;
    // podman kube play publishes a container port on the host only when it has a hostPort.
    const ports = (c.ports ?? []).map((p) => {
      const pub = d.published.find((x) => x.containerPort === p.containerPort && x.protocol === p.protocol && x.hostPort !== undefined);
      return pub ? { ...p, hostPort: pub.hostPort, ...(pub.hostIP ? { hostIP: pub.hostIP } : {}) } : p;
    });
    return ports.length > 0 ? { ...c, ports } : c;
  });
  const volumes = [...d.volumes.values()].sort((a, b) => byCodePoint(a.name, b.name));
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: d.name, labels: baseLabels(d.name), annotations: sortedRecord(d.annotations) },
    spec: {
      replicas: 1,
      // One instance, as on the host: a new pod only once the old one is gone (a claim
      // mounted by one node, a hostPort taken by the old pod).
      strategy: { type: 'Recreate' },
      minReadySeconds: d.minReadySeconds,
      selector: { matchLabels: { 'app.kubernetes.io/name': d.name } },
      template: {
        metadata: { labels: { ...d.podLabels, ...baseLabels(d.name) }, annotations: sortedRecord(d.podAnnotations) },
        spec: { ...d.pod, containers, volumes: volumes.length > 0 ? volumes : undefined },
      },
    },
  };
}

function service(w: Workload): KubeObject | undefined {
  const seen = new Set<string>();
  const ports = w.draft.published
    .map((p) => ({ name: `${p.protocol.toLowerCase()}-${p.hostPort ?? p.containerPort}`, port: p.hostPort ?? p.containerPort, targetPort: p.containerPort, protocol: p.protocol }))
    .filter((p) => !seen.has(p.name) && seen.add(p.name))
    .sort((a, b) => a.port - b.port || byCodePoint(a.protocol, b.protocol));
  if (ports.length === 0) return undefined;
  const name = w.draft.name;
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, labels: baseLabels(name) }, spec: { selector: { 'app.kubernetes.io/name': name }, ports } };
}

/** A ConfigMap from an env file's NAME=VALUE lines (given by the caller, who read the file). */
function configMap(name: string, env: Readonly<Record<string, string>>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { ...MANAGED_BY } }, data: sortedRecord({ ...env }) ?? {} };
}

function claim(c: Claim): KubeObject {
  const { labels, annotations } = splitLabels(c.labels);
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: c.name, labels: { ...labels, 'app.kubernetes.io/name': c.name, ...MANAGED_BY }, annotations: sortedRecord(annotations) },
    // 1Gi is a placeholder a claim must have: a host volume has no size.
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  };
}

interface ManifestOptions {
  readonly podman: boolean;
  /** Env files' variables by path, as read by the caller; a path missing here is referenced, not embedded. */
  readonly envFiles: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

/** Drops undefined fields (YAML would write them as null) and returns plain data. */
function clean<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function manifestFiles(model: ExportModel, options: ManifestOptions): ManifestFile[] {
  const files: ManifestFile[] = model.workloads.map((w) => {
    const maps = [...w.draft.configMaps.entries()]
      .filter(([, path]) => options.envFiles.has(path))
      .sort(([a], [b]) => byCodePoint(a, b))
      .map(([name, path]) => configMap(name, options.envFiles.get(path) ?? {}));
    const svc = options.podman ? undefined : service(w);
    return { name: `${w.unit.section}.yaml`, section: w.unit.section, service: w.service, unit: w.unit, objects: clean([...maps, deployment(w, options.podman), ...(svc ? [svc] : [])]) };
  });
  for (const c of model.claims) {
    const section = c.unit?.section ?? `volume.${c.name}`;
    files.push({ name: `${section}.yaml`, section, objects: clean([claim(c)]) });
  }
  return files.sort((a, b) => byCodePoint(a.name, b.name));
}

/** Env-file paths a workload uses, for the caller to read. */
export function envFilePaths(model: ExportModel): string[] {
  return [...new Set(model.workloads.flatMap((w) => [...w.draft.configMaps.values()]))].sort();
}
