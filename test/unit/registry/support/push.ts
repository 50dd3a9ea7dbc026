/**
 * Pushes tiny images over the registry API (blob uploads, then a manifest),
 * so tests need no podman: an OCI image manifest with a config and one layer,
 * or an OCI index over several such manifests (a multi-arch image).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

export const sha256 = (data: Buffer | string): string => `sha256:${createHash('sha256').update(data).digest('hex')}`;

export interface PushTarget {
  url: string;
  /** Authorization header value, for registries that need one. */
  authorization?: string;
}

function headers(target: PushTarget, extra: Record<string, string> = {}): Record<string, string> {
  return target.authorization ? { ...extra, authorization: target.authorization } : extra;
}

async function pushBlob(target: PushTarget, repo: string, data: Buffer): Promise<string> {
  const digest = sha256(data);
  const start = await fetch(`${target.url}/v2/${repo}/blobs/uploads/`, { method: 'POST', headers: headers(target) });
  if (start.status !== 202) throw new Error(`blob upload start for ${repo}: ${start.status} ${await start.text()}`);
  const location = new URL(start.headers.get('location') ?? '', target.url);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, { method: 'PUT', headers: headers(target, { 'content-type': 'application/octet-stream' }), body: data });
  if (put.status !== 201) throw new Error(`blob upload for ${repo}: ${put.status} ${await put.text()}`);
  return digest;
}

export async function putManifest(target: PushTarget, repo: string, reference: string, body: string, mediaType: string): Promise<string> {
  const put = await fetch(`${target.url}/v2/${repo}/manifests/${reference}`, { method: 'PUT', headers: headers(target, { 'content-type': mediaType }), body });
  if (put.status !== 201) throw new Error(`manifest put ${repo}:${reference}: ${put.status} ${await put.text()}`);
  return sha256(body);
}

export interface ImageSpec {
  /** Changes the layer, hence the digest. */
  marker?: string;
  architecture?: string;
  /** Layers to put below the marker layer (e.g. busybox), each an uncompressed tar. */
  baseLayers?: Buffer[];
  /** The image config's `config` (Cmd, Labels…). */
  config?: Record<string, unknown>;
}

/** An uncompressed tar holding `files` (path → content; Buffers are made executable), made with the system tar. */
export function tarOf(files: Record<string, string | Buffer>): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'quadctl-layer-'));
  try {
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), content, { mode: typeof content === 'string' ? 0o644 : 0o755 });
    }
    const made = spawnSync('tar', ['-C', dir, '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '-cf', '-', ...Object.keys(files)], { maxBuffer: 64 << 20 });
    if (made.status !== 0) throw new Error(`tar failed: ${made.stderr.toString()}`);
    return made.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Pushes a single-arch image and returns its manifest digest (what `tag` now points at). */
export async function pushImage(target: PushTarget, repo: string, tag: string | undefined, spec: ImageSpec = {}): Promise<{ digest: string; body: string }> {
  const architecture = spec.architecture ?? 'amd64';
  const tars = [...(spec.baseLayers ?? []), tarOf({ 'quadctl-marker': `${spec.marker ?? ''} ${architecture}\n` })];
  const layers = [];
  for (const tar of tars) {
    const gz = gzipSync(tar);
    layers.push({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: await pushBlob(target, repo, gz), size: gz.length });
  }
  const config = Buffer.from(JSON.stringify({ architecture, os: 'linux', rootfs: { type: 'layers', diff_ids: tars.map((t) => sha256(t)) }, config: spec.config ?? {} }));
  const configDigest = await pushBlob(target, repo, config);
  const body = JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
    layers,
  });
  const digest = await putManifest(target, repo, tag ?? sha256(body), body, OCI_MANIFEST);
  return { digest, body };
}

/** Pushes a two-platform image under `tag` as an OCI index; returns the index's and the platforms' digests. */
export async function pushMultiArch(target: PushTarget, repo: string, tag: string, marker = ''): Promise<{ index: string; platforms: Record<string, string> }> {
  const platforms: Record<string, string> = {};
  const entries = [];
  for (const architecture of ['amd64', 'arm64']) {
    const { digest, body } = await pushImage(target, repo, undefined, { marker, architecture });
    platforms[architecture] = digest;
    entries.push({ mediaType: OCI_MANIFEST, digest, size: Buffer.byteLength(body), platform: { architecture, os: 'linux' } });
  }
  const index = JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: entries });
  return { index: await putManifest(target, repo, tag, index, OCI_INDEX), platforms };
}

/** Points more tags at an already pushed manifest (cheap: no blobs). */
export async function tagManifest(target: PushTarget, repo: string, tags: readonly string[], body: string, mediaType = OCI_MANIFEST): Promise<void> {
  for (const tag of tags) await putManifest(target, repo, tag, body, mediaType);
}
