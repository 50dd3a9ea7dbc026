/**
 * The registry API over HTTP (OCI distribution spec), implementing the core's
 * RegistryApi: manifest digests by HEAD (GET and hash only when the registry
 * gives no Docker-Content-Digest), tag lists with pagination, auth, and
 * registries.conf's mirrors, location rewrites, `insecure` and `blocked`.
 *
 * Per host, the first request goes alone: it learns whether the host speaks
 * TLS (for `insecure` hosts) and how it wants to be authenticated, so the
 * requests behind it go straight to the right URL with the right header.
 */
import { createHash } from 'node:crypto';
import { assertRegistryDigest } from '../../registry/digest';
import type { RegistryApi } from '../../registry/check';
import { formatReference, type ImageReference } from '../../registry/reference';
import { EMPTY_REGISTRIES_CONF, pullSources, type PullSource, type RegistriesConf } from '../../registry/registries-conf';
import { RegistryAuth } from './auth';
import type { CredentialStore } from './credentials';
import type { Http, HttpRequest, HttpResponse } from './http';
import { HttpError } from '../http/error';

/** Everything a tag can point at: OCI index, Docker manifest list, OCI manifest, Docker v2 manifest. */
const MANIFEST_MEDIA_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
] as const;
const MANIFEST_ACCEPT = MANIFEST_MEDIA_TYPES.join(', ');

/** containers/image's own cap for manifests. */
const MANIFEST_MAX_BYTES = 4 << 20;
const TAGS_PAGE_MAX_BYTES = 8 << 20;
const MAX_TAG_PAGES = 1000;

class RegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryError';
  }
}

/** Docker Hub's API lives on another host than its references say. */
function apiHost(registry: string): string {
  return registry === 'docker.io' ? 'registry-1.docker.io' : registry;
}

interface HttpRegistryOptions {
  http: Http;
  credentials: CredentialStore;
  registriesConf?: RegistriesConf;
  /** Ask for tag lists in pages of this size (`?n=`); by default the registry chooses. */
  tagPageSize?: number;
}

type Scheme = 'https' | 'http';

interface Exchange {
  method: HttpRequest['method'];
  path: string;
  accept?: string;
  maxBytes: number;
}

export class HttpRegistry implements RegistryApi {
  readonly auth: RegistryAuth;
  private readonly schemes = new Map<string, Scheme>();
  private readonly firstRequest = new Map<string, Promise<void>>();
  private readonly conf: RegistriesConf;

  constructor(private readonly options: HttpRegistryOptions) {
    this.auth = new RegistryAuth(options.http, options.credentials);
    this.conf = options.registriesConf ?? EMPTY_REGISTRIES_CONF;
  }

  manifestDigest(ref: ImageReference): Promise<string> {
    return this.fromSources(ref, (source) => this.digestAt(source));
  }

  listTags(ref: ImageReference): Promise<string[]> {
    return this.fromSources(ref, (source) => this.tagsAt(source));
  }

  /** Mirrors in order, then the primary location, as Podman pulls; a mirror's failure falls through. */
  private async fromSources<T>(ref: ImageReference, ask: (source: PullSource) => Promise<T>): Promise<T> {
    const sources = pullSources(this.conf, ref);
    const failures: string[] = [];
    for (const source of sources) {
      try {
        return await ask(source);
      } catch (err) {
        const text = err instanceof Error ? err.message : String(err);
        if (!source.mirror) throw new RegistryError(failures.length ? `${text} (mirrors failed too: ${failures.join('; ')})` : text);
        failures.push(text);
      }
    }
    throw new RegistryError(`no source answered for ${formatReference(ref)}: ${failures.join('; ')}`);
  }

  private async digestAt(source: PullSource): Promise<string> {
    const ref = source.reference;
    const id = ref.tag ?? ref.digest;
    const name = formatReference(ref);
    const path = `/v2/${ref.repository}/manifests/${id}`;
    const head = await this.send(source, { method: 'HEAD', path, accept: MANIFEST_ACCEPT, maxBytes: 0 });
    if (head.status === 200) {
      const header = head.headers.get('docker-content-digest');
      if (header !== null) return assertRegistryDigest(header.trim(), `${apiHost(ref.registry)} (Docker-Content-Digest for ${name})`);
    } else {
      await this.failOn(head, source, `HEAD ${name}`);
    }
    // No digest header: fetch the manifest and hash exactly the bytes served.
    const get = await this.send(source, { method: 'GET', path, accept: MANIFEST_ACCEPT, maxBytes: MANIFEST_MAX_BYTES });
    if (get.status !== 200) await this.failOn(get, source, `GET ${name}`);
    return digestOfManifest(get, name, ref.tag === undefined ? ref.digest : undefined);
  }

  private async tagsAt(source: PullSource): Promise<string[]> {
    const ref = source.reference;
    const pageSize = this.options.tagPageSize;
    let path: string | undefined = `/v2/${ref.repository}/tags/list${pageSize ? `?n=${pageSize}` : ''}`;
    const tags: string[] = [];
    const visited = new Set<string>();
    for (let page = 0; path !== undefined; page++) {
      if (page >= MAX_TAG_PAGES || visited.has(path)) throw new RegistryError(`${ref.registry}/${ref.repository}: tag list pagination does not end (stopped after ${page} pages)`);
      visited.add(path);
      const response = await this.send(source, { method: 'GET', path, accept: 'application/json', maxBytes: TAGS_PAGE_MAX_BYTES });
      if (response.status !== 200) await this.failOn(response, source, `GET tags of ${ref.registry}/${ref.repository}`);
      for (const t of parseTagPage(response.body, `${ref.registry}/${ref.repository}`)) tags.push(t);
      path = nextPage(response.headers.get('link'));
    }
    return tags;
  }

  private async failOn(response: HttpResponse, source: PullSource, what: string): Promise<never> {
    const ref = source.reference;
    if (response.status === 404) throw new RegistryError(`${what}: not found on ${apiHost(ref.registry)} (404)`);
    if (response.status === 401 || response.status === 403) throw new RegistryError(await this.auth.explain(ref.registry, ref.repository, response.status));
    throw new RegistryError(`${what}: ${apiHost(ref.registry)} answered ${response.status}${errorDetail(response)}`);
  }

  /** One exchange with auth: answers a 401 challenge once, then sends the right header up front. */
  private async send(source: PullSource, exchange: Exchange): Promise<HttpResponse> {
    const host = apiHost(source.reference.registry);
    const first = this.firstRequest.get(host);
    if (first !== undefined) {
      await first;
      return this.sendAuthorized(source, host, exchange);
    }
    let done = (): void => undefined;
    this.firstRequest.set(host, new Promise<void>((resolve) => (done = resolve)));
    try {
      return await this.sendAuthorized(source, host, exchange);
    } finally {
      done();
    }
  }

  private async sendAuthorized(source: PullSource, host: string, exchange: Exchange): Promise<HttpResponse> {
    const { registry, repository } = source.reference;
    let authorization = await this.auth.header(host, registry, repository, source.insecure);
    let response = await this.sendOnWire(source, host, exchange, authorization);
    if (response.status !== 401) return response;
    if (!this.auth.learn(host, response.headers.get('www-authenticate'))) return response;
    if (authorization) this.auth.invalidate(host, repository);
    authorization = await this.auth.header(host, registry, repository, source.insecure);
    if (!authorization) return response;
    response = await this.sendOnWire(source, host, exchange, authorization);
    return response;
  }

  /** https, or for an `insecure` host https without verification and then plain http, remembered per host. */
  private async sendOnWire(source: PullSource, host: string, exchange: Exchange, authorization: string | undefined): Promise<HttpResponse> {
    const headers: Record<string, string> = { 'user-agent': 'quadctl' };
    if (exchange.accept) headers.accept = exchange.accept;
    if (authorization) headers.authorization = authorization;
    const request = (scheme: Scheme, probe: boolean): Promise<HttpResponse> =>
      this.options.http.request({
        method: exchange.method,
        url: `${scheme}://${host}${exchange.path}`,
        headers,
        maxBytes: exchange.maxBytes,
        insecureTls: source.insecure,
        retryConnectionErrors: !probe,
      });
    const known = this.schemes.get(host);
    if (known) return request(known, false);
    if (!source.insecure) {
      this.schemes.set(host, 'https');
      return request('https', false);
    }
    try {
      const response = await request('https', true);
      this.schemes.set(host, 'https');
      return response;
    } catch (err) {
      if (!(err instanceof HttpError) || err.kind !== 'connection') throw err;
      // No TLS there: remember before asking, so a failure over HTTP does not make the next request probe again.
      this.schemes.set(host, 'http');
      return request('http', false);
    }
  }
}

function errorDetail(response: HttpResponse): string {
  try {
    const doc = JSON.parse(response.body.toString('utf8')) as { errors?: Array<{ code?: string; message?: string }> };
    const first = doc.errors?.[0];
    return first ? ` (${first.code ?? ''}${first.message ? `: ${first.message}` : ''})` : '';
  } catch {
    return '';
  }
}

function digestOfManifest(response: HttpResponse, name: string, expected: string | undefined): string {
  try {
    JSON.parse(response.body.toString('utf8'));
  } catch {
    throw new RegistryError(`${name}: the manifest is not valid JSON`);
  }
  const computed = `sha256:${createHash('sha256').update(response.body).digest('hex')}`;
  const header = response.headers.get('docker-content-digest');
  if (header !== null && header.trim() !== computed) {
    throw new RegistryError(`${name}: the registry says the manifest's digest is ${header.trim().slice(0, 80)} but its bytes hash to ${computed}`);
  }
  if (expected?.startsWith('sha256:') && expected !== computed) {
    throw new RegistryError(`${name}: the manifest served hashes to ${computed}, not the digest asked for`);
  }
  return computed;
}

function parseTagPage(body: Buffer, name: string): string[] {
  let doc: unknown;
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch {
    throw new RegistryError(`${name}: tag list is not valid JSON`);
  }
  const tags = typeof doc === 'object' && doc !== null ? (doc as { tags?: unknown }).tags : undefined;
  if (tags === null || tags === undefined) return [];
  if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string')) throw new RegistryError(`${name}: tag list has no array of strings in "tags"`);
  return tags as string[];
}

/** The path of the `rel="next"` link (RFC 8288), if any. */
export function nextPage(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>\s*(.*)$/.exec(part);
    if (m && /(^|;)\s*rel="?next"?\s*(;|$)/i.test(m[2])) {
      const target = new URL(m[1], 'http://registry.invalid');
      return `${target.pathname}${target.search}`;
    }
  }
  return undefined;
}
