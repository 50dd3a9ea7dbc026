// What an export is made of while it is built, and what it returns.
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { PortMapping } from './ports';

/** A config value with no Kubernetes equivalent: listed for the user, never dropped silently. */
export interface NotCarried {
  readonly section: string;
  readonly line?: number;
  /** The key as written in the config ("Service.Restart"), or undefined for a whole section. */
  readonly key?: string;
  readonly reason: string;
}

/** Something carried over that needs the user's attention (a hostPath, a renamed object). */
export interface ExportWarning {
  readonly section: string;
  readonly line?: number;
  readonly key?: string;
  readonly message: string;
}

/** A Deployment being built from a [container.*] or a [pod.*] with its containers. */
export interface WorkloadDraft {
  readonly name: string;
  readonly section: string;
  readonly containers: IContainer[];
  readonly pod: Omit<IPodSpec, 'containers'>;
  readonly volumes: Map<string, IVolume>;
  /** On the pod template (Podman reads io.containers.autoupdate/NAME there). */
  readonly podLabels: Record<string, string>;
  readonly podAnnotations: Record<string, string>;
  /** On the Deployment (Keel reads its policy there). */
  readonly annotations: Record<string, string>;
  /** Published ports: the Service's, and hostPort for Podman. */
  readonly published: PortMapping[];
  /** ConfigMaps the containers' env files become: name → env file path. */
  readonly configMaps: Map<string, string>;
  /** Named volumes the workload claims. */
  readonly claims: Set<string>;
  minReadySeconds?: number;
}

/** Where a key's value goes: the workload, and the container when the key is a container's. */
export interface Target {
  readonly workload: WorkloadDraft;
  readonly container?: IContainer;
}
