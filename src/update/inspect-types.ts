/**
 * What the updater needs to know of Podman's containers and images: a typed
 * subset of `podman container inspect` / `podman image inspect`, filled in by
 * src/adapters/podman so the core never sees raw JSON.
 */
export interface ContainerFacts {
  id: string;
  name: string;
  /** The image as the container was created with it: `localhost:5000/demo/web:1.2.0`. */
  imageName: string;
  /** The image ID the container runs (64 hex). */
  imageId: string;
  labels: Readonly<Record<string, string>>;
  /** `running`, `exited`, … */
  state: string;
  /** Pod ID, '' when not in a pod. */
  pod: string;
  /** The pod's infra container (it holds the pod's namespaces and, under systemd, the pod unit's label). */
  isInfra?: boolean;
  /** The image or the container defines a Podman healthcheck. */
  hasHealthcheck: boolean;
}

export interface ImageFacts {
  id: string;
  /** The digest of the manifest Podman pulled (the list's for multi-arch images). */
  digest: string;
  repoTags: string[];
  /** `repo@sha256:…` for every manifest digest this image is known by. */
  repoDigests: string[];
}
