// `podman container inspect` / `podman image inspect` JSON → the core's typed facts.
import type { ContainerFacts, ImageFacts } from '../../update/inspect-types';
import type { PodmanRunner } from './run';

/** The fields read from `podman container inspect` (Podman 4.x and 5.x spell them alike). */
interface ContainerJson {
  Id?: string;
  Name?: string;
  Image?: string;
  ImageName?: string;
  Pod?: string;
  IsInfra?: boolean;
  State?: { Status?: string; Health?: { Status?: string }; Healthcheck?: { Status?: string } };
  Config?: { Labels?: Record<string, string> | null; Healthcheck?: { Test?: string[] } | null };
}

interface ImageJson {
  Id?: string;
  Digest?: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
}

function parseArray<T>(text: string, what: string): T[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const value: unknown = JSON.parse(trimmed);
  if (!Array.isArray(value)) throw new Error(`unexpected ${what} output: not a JSON array`);
  return value as T[];
}

function hasHealthcheck(c: ContainerJson): boolean {
  const test = c.Config?.Healthcheck?.Test ?? [];
  return test.length > 0 && test[0] !== 'NONE';
}

export function toContainerFacts(c: ContainerJson): ContainerFacts {
  return {
    id: c.Id ?? '',
    name: (c.Name ?? '').replace(/^\//, ''),
    imageName: c.ImageName ?? '',
    imageId: c.Image ?? '',
    labels: c.Config?.Labels ?? {},
    state: c.State?.Status ?? '',
    pod: c.Pod ?? '',
    ...(c.IsInfra ? { isInfra: true } : {}),
    hasHealthcheck: hasHealthcheck(c),
  };
}

export function toImageFacts(i: ImageJson): ImageFacts {
  return { id: i.Id ?? '', digest: i.Digest ?? '', repoTags: i.RepoTags ?? [], repoDigests: i.RepoDigests ?? [] };
}

async function inspectContainers(podman: PodmanRunner, ids: readonly string[]): Promise<ContainerFacts[]> {
  if (ids.length === 0) return [];
  return parseArray<ContainerJson>(await podman.run(['container', 'inspect', ...ids]), 'podman container inspect').map(toContainerFacts);
}

/**
 * Several containers by name or ID in one podman call; one that does not exist
 * is left out (podman prints the ones it found, then fails on the others).
 */
export async function inspectContainersFound(podman: PodmanRunner, refs: readonly string[]): Promise<ContainerFacts[]> {
  if (refs.length === 0) return [];
  const r = await podman.status(['container', 'inspect', ...refs]);
  try {
    return parseArray<ContainerJson>(r.stdout, 'podman container inspect').map(toContainerFacts);
  } catch {
    if (r.code !== 0) return [];
    throw new Error(`podman container inspect printed no JSON: ${r.stdout.slice(0, 200)}`);
  }
}

/** Running containers that systemd runs (PODMAN_SYSTEMD_UNIT), optionally of one unit. */
export async function systemdContainers(podman: PodmanRunner, unit?: string): Promise<ContainerFacts[]> {
  const filter = unit ? `label=PODMAN_SYSTEMD_UNIT=${unit}` : 'label=PODMAN_SYSTEMD_UNIT';
  const ids = (await podman.run(['ps', '--no-trunc', '--filter', filter, '--format', '{{.ID}}'])).split('\n').map((s) => s.trim()).filter(Boolean);
  return (await inspectContainers(podman, ids)).filter((c) => c.state === 'running');
}

/** A local image by ID or reference; null when there is none. */
export async function inspectImage(podman: PodmanRunner, ref: string): Promise<ImageFacts | null> {
  const r = await podman.status(['image', 'inspect', ref]);
  if (r.code !== 0) return null;
  const [image] = parseArray<ImageJson>(r.stdout, 'podman image inspect');
  return image ? toImageFacts(image) : null;
}

/** Several images in one podman call (each call costs ~0.2 s); an image that vanished is left out. */
export async function inspectImages(podman: PodmanRunner, ids: readonly string[]): Promise<Map<string, ImageFacts>> {
  const unique = [...new Set(ids)].filter(Boolean);
  if (unique.length === 0) return new Map();
  // podman prints the images it found even when it fails on a missing one.
  const r = await podman.status(['image', 'inspect', ...unique]);
  let found: ImageFacts[] = [];
  try {
    found = parseArray<ImageJson>(r.stdout, 'podman image inspect').map(toImageFacts);
  } catch {
    found = [];
  }
  return new Map(found.map((f) => [f.id, f]));
}
