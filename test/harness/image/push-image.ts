/**
 * Push a test image to a sandbox registry: busybox base layer (built once per process),
 * a small top layer for the spec's files and marker, config, manifest.
 */
import { DOCKER_MANIFEST, buildImage } from './manifest';
import { busyboxLayer, filesLayer, type Layer } from './layer';
import { pushBlob, putManifest, type RegistryEndpoint } from './registry-http';
import type { ImageSpec } from './spec';

let base: { busybox: string; layer: Layer } | undefined;

function baseLayer(scratch: string, busybox: string): Layer {
  if (!base || base.busybox !== busybox) base = { busybox, layer: busyboxLayer(scratch, busybox) };
  return base.layer;
}

export interface PushContext {
  endpoint: RegistryEndpoint;
  /** A directory the layer builder may use for a moment. */
  scratch: string;
  busybox: string;
  /** digest → a repository of this registry that holds it (for cross-repo mounts). */
  known: Map<string, string>;
}

function topFiles(spec: ImageSpec): Record<string, string> | null {
  const files = { ...spec.files };
  if (spec.marker !== undefined) files['etc/quadctl-e2e-image'] = `${spec.marker}\n`;
  return Object.keys(files).length > 0 ? files : null;
}

export async function pushImage(ctx: PushContext, repo: string, tag: string, spec: ImageSpec): Promise<string> {
  const files = topFiles(spec);
  const layers = [baseLayer(ctx.scratch, ctx.busybox), ...(files ? [filesLayer(ctx.scratch, files)] : [])];
  const image = buildImage(spec, layers);
  const blobs: Array<[string, Buffer]> = [...layers.map((l): [string, Buffer] => [l.digest, l.blob]), [image.configDigest, image.config]];
  for (const [digest, blob] of blobs) {
    await pushBlob(ctx.endpoint, repo, digest, blob, ctx.known.get(digest));
    ctx.known.set(digest, repo);
  }
  const digest = await putManifest(ctx.endpoint, repo, tag, image.manifest, DOCKER_MANIFEST);
  if (digest !== image.digest) throw new Error(`registry reports ${digest} for ${repo}:${tag}, expected ${image.digest}`);
  return digest;
}
