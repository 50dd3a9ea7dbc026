/**
 * Minimal registry API client over a unix socket (the sandbox's proxy to its registry):
 * blob uploads (POST then PUT), cross-repository mounts, manifest PUT.
 */
import { request } from 'node:http';

export interface RegistryEndpoint {
  /** Path of the unix socket, as the jest process reaches it. */
  socketPath: string;
  /** Host header: what the registry uses for upload Locations. */
  host: string;
  authorization?: string;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A connection the proxy or registry dropped under us (seen under heavy load): safe to ask again. */
const DROPPED = new Set(['EPIPE', 'ECONNRESET']);

/**
 * One registry request through the sandbox's socket proxy. Every request the harness
 * makes is safe to repeat (HEAD, starting an upload, PUT by digest), so a dropped
 * connection is retried (`attempts` in all; a blob PUT is retried by pushBlob, with a
 * new upload); errors name the request, since a socket error's own stack has only
 * Node's internal frames.
 */
export async function call(ep: RegistryEndpoint, method: string, path: string, body?: Buffer | string, contentType?: string, attempts = 3): Promise<Reply> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await callOnce(ep, method, path, body, contentType);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (attempt < attempts && dropped(err)) continue;
      throw new Error(`registry ${method} ${ep.host}${path} via ${ep.socketPath}: ${err.message}`, { cause: err });
    }
  }
}

const dropped = (err: NodeJS.ErrnoException): boolean => err.code !== undefined && DROPPED.has(err.code);

function callOnce(ep: RegistryEndpoint, method: string, path: string, body?: Buffer | string, contentType?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { host: ep.host };
    if (ep.authorization) headers.authorization = ep.authorization;
    if (body !== undefined) {
      headers['content-type'] = contentType ?? 'application/octet-stream';
      headers['content-length'] = Buffer.byteLength(body);
    }
    const req = request({ socketPath: ep.socketPath, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const fail = (what: string, r: Reply) => new Error(`registry ${what}: HTTP ${r.status} ${r.body.slice(0, 500)}`);

function locationPath(r: Reply): string {
  const location = r.headers.location;
  if (typeof location !== 'string') throw fail('upload without Location', r);
  const url = new URL(location, 'http://registry.invalid');
  return url.pathname + url.search;
}

/**
 * Upload a blob unless `repo` has it. `mountFrom`: a repository of the same registry
 * known to hold it, mounted instead of uploading again.
 */
export async function pushBlob(ep: RegistryEndpoint, repo: string, digest: string, blob: Buffer, mountFrom?: string): Promise<void> {
  const head = await call(ep, 'HEAD', `/v2/${repo}/blobs/${digest}`);
  if (head.status === 200) return;
  const query = mountFrom ? `?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(mountFrom)}` : '';
  // An upload whose PUT was dropped mid-body is spent (the registry has moved its offset),
  // so a dropped PUT starts a new upload rather than repeating the PUT (one CI run lost
  // all three PUTs of one upload to EPIPE).
  for (let attempt = 1; ; attempt++) {
    const start = await call(ep, 'POST', `/v2/${repo}/blobs/uploads/${query}`);
    if (start.status === 201) return; // mounted
    if (start.status !== 202) throw fail(`upload start for ${repo}`, start);
    const target = new URL(locationPath(start), 'http://registry.invalid');
    target.searchParams.set('digest', digest);
    try {
      const put = await call(ep, 'PUT', target.pathname + target.search, blob, undefined, 1);
      if (put.status !== 201) throw fail(`blob upload for ${repo}`, put);
      return;
    } catch (e) {
      const cause = (e as Error).cause as NodeJS.ErrnoException | undefined;
      if (attempt < 3 && cause !== undefined && dropped(cause)) continue;
      throw e;
    }
  }
}

export async function putManifest(ep: RegistryEndpoint, repo: string, tag: string, manifest: string, mediaType: string): Promise<string> {
  const put = await call(ep, 'PUT', `/v2/${repo}/manifests/${encodeURIComponent(tag)}`, manifest, mediaType);
  if (put.status !== 201) throw fail(`manifest put ${repo}:${tag}`, put);
  const digest = put.headers['docker-content-digest'];
  if (typeof digest !== 'string') throw fail(`manifest put ${repo}:${tag} without Docker-Content-Digest`, put);
  return digest;
}
