/**
 * Faults a real registry will not produce on demand, from a loopback stub
 * server: rate limiting, server errors, hangs, bad digests, oversize bodies,
 * and the Bearer flow's request counts. Sleep is injected (recorded, not waited).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRegistryClient, type RegistryClient, retryAfterMs } from '../../../src/adapters/registry';
import { createCredentialStore } from '../../../src/adapters/registry/credentials';
import { checkImages, type CheckResult } from '../../../src/registry';
import { insecureConf } from './support/fixtures';
import { type Handler, startStub, type StubServer } from './support/stub-server';

const MANIFEST = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: {}, layers: [] });
const DIGEST = `sha256:${createHash('sha256').update(MANIFEST).digest('hex')}`;

let stub: StubServer | undefined;
let client: RegistryClient | undefined;
let slept: number[] = [];

afterEach(async () => {
  await client?.close();
  await stub?.stop();
  client = undefined;
  stub = undefined;
  slept = [];
});

async function run(handler: Handler, references: string[] | ((host: string) => string[]), options: { timeoutMs?: number; policy?: string; tagPageSize?: number } = {}): Promise<CheckResult[]> {
  stub = await startStub(handler);
  client = await createRegistryClient({
    registriesConf: insecureConf(stub.host),
    credentials: createCredentialStore({ files: [] }),
    http: {
      sleep: async (ms) => {
        slept.push(ms);
      },
      now: () => Date.parse('2026-01-01T00:00:00Z'),
      readTimeoutMs: options.timeoutMs ?? 5000,
      connectTimeoutMs: options.timeoutMs ?? 5000,
    },
    tagPageSize: options.tagPageSize,
  });
  const host = stub.host;
  const refs = typeof references === 'function' ? references(host) : references.map((r) => `${host}/${r}`);
  return checkImages(refs.map((reference) => ({ reference, policy: options.policy })), { registry: client.api });
}

const ok = (res: ServerResponse, headers: Record<string, string> = { 'docker-content-digest': DIGEST }) => res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json', ...headers }).end();
const manifestsOnly = (fn: (req: IncomingMessage, res: ServerResponse, n: number) => void): Handler => (req, res, n) => fn(req, res, n);

describe('faults', () => {
  test('429 waits as long as Retry-After says, then succeeds', async () => {
    const [result] = await run(manifestsOnly((_req, res, n) => (n === 1 ? res.writeHead(429, { 'retry-after': '7' }).end() : ok(res))), ['a/b:1']);
    expect(result.currentDigest).toBe(DIGEST);
    expect(slept).toEqual([7000]);
    expect(stub?.log).toEqual(['HEAD /v2/a/b/manifests/1', 'HEAD /v2/a/b/manifests/1']);
  });

  test('Retry-After as an HTTP date; a wait longer than we accept is an error', async () => {
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', Date.parse('2026-01-01T00:00:00Z'))).toBe(30_000);
    const [result] = await run((_req, res) => res.writeHead(429, { 'retry-after': '3600' }).end(), ['a/b:1']);
    expect(result.error).toMatch(/rate limited.*3600 s/);
    expect(result.currentDigest).toBeUndefined();
  });

  test('500 then success: retried with backoff', async () => {
    const [result] = await run((_req, res, n) => (n === 1 ? res.writeHead(500).end() : ok(res)), ['a/b:1']);
    expect(result.currentDigest).toBe(DIGEST);
    expect(slept).toHaveLength(1);
    expect(stub?.log).toHaveLength(2);
  });

  test('500 every time: an error after a bounded number of attempts, backoff doubling', async () => {
    const [result] = await run((_req, res) => res.writeHead(503).end(), ['a/b:1']);
    expect(result.error).toMatch(/answered 503/);
    expect(stub?.log).toHaveLength(4);
    expect(slept).toEqual([500, 1000, 2000]);
  });

  test('a hanging server is a timeout for that image, not a hung run', async () => {
    const [hung, fine] = await run(
      (req, res) => {
        if (req.url?.includes('/slow/')) return; // never answers
        ok(res);
      },
      ['slow/app:1', 'fast/app:1'],
      { timeoutMs: 300 },
    );
    expect(hung.error).toMatch(/timed out/);
    expect(fine.currentDigest).toBe(DIGEST);
    expect(stub?.log.filter((l) => l.includes('/slow/'))).toHaveLength(1);
  });

  test('a malformed Docker-Content-Digest header is an error, never a digest', async () => {
    const [result] = await run((_req, res) => ok(res, { 'docker-content-digest': 'sha256:1234' }), ['a/b:1']);
    expect(result.error).toMatch(/malformed digest/);
    expect(result.currentDigest).toBeUndefined();
  });

  test('no digest header: GET and hash the body', async () => {
    const [result] = await run((req, res) => (req.method === 'HEAD' ? ok(res, {}) : res.writeHead(200).end(MANIFEST)), ['a/b:1']);
    expect(result.currentDigest).toBe(DIGEST);
    expect(stub?.log).toEqual(['HEAD /v2/a/b/manifests/1', 'GET /v2/a/b/manifests/1']);
  });

  test('a digest header that does not match the body is an error', async () => {
    const wrong = `sha256:${'0'.repeat(64)}`;
    const [result] = await run((req, res) => (req.method === 'HEAD' ? ok(res, {}) : res.writeHead(200, { 'docker-content-digest': wrong }).end(MANIFEST)), ['a/b:1']);
    expect(result.error).toMatch(/hash to/);
    expect(result.currentDigest).toBeUndefined();
  });

  test('a manifest that is not JSON is an error', async () => {
    const [result] = await run((req, res) => (req.method === 'HEAD' ? ok(res, {}) : res.writeHead(200).end('<html>')), ['a/b:1']);
    expect(result.error).toMatch(/not valid JSON/);
  });

  test('bodies over the cap are refused', async () => {
    const big = Buffer.alloc(5 << 20, 32);
    const [result] = await run((req, res) => (req.method === 'HEAD' ? ok(res, {}) : res.writeHead(200).end(big)), ['a/b:1']);
    expect(result.error).toMatch(/limit/);
  });

  test('malformed tag-list JSON is an error for that image only', async () => {
    const results = await run(
      (req, res) => {
        if (req.url?.includes('/tags/list')) return res.writeHead(200).end(req.url.includes('/bad/') ? '{"tags": [1, 2' : '{"tags":["1.0.0","1.0.1"]}');
        ok(res);
      },
      ['bad/app:1.0.0', 'good/app:1.0.0'],
      { policy: 'patch' },
    );
    expect(results[0].error).toMatch(/tag list is not valid JSON/);
    expect(results[0].candidateTag).toBeUndefined();
    expect(results[1]).toMatchObject({ candidateTag: '1.0.1', candidateDigest: DIGEST });
  });

  test('follows Link pagination (more than 100 tags)', async () => {
    const tags = Array.from({ length: 250 }, (_, i) => `1.0.${i}`);
    const [result] = await run(
      (req, res) => {
        const url = new URL(req.url ?? '/', 'http://x');
        if (!url.pathname.endsWith('/tags/list')) return ok(res);
        const n = Number(url.searchParams.get('n') ?? '100');
        const start = url.searchParams.has('last') ? tags.indexOf(url.searchParams.get('last') ?? '') + 1 : 0;
        const page = tags.slice(start, start + n);
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (start + n < tags.length) headers.link = `</v2/a/b/tags/list?last=${page[page.length - 1]}&n=${n}>; rel="next"`;
        res.writeHead(200, headers).end(JSON.stringify({ name: 'a/b', tags: page }));
      },
      ['a/b:1.0.0'],
      { policy: 'patch' },
    );
    expect(result.candidateTag).toBe('1.0.249');
    expect(stub?.log.filter((l) => l.includes('/tags/list'))).toHaveLength(3);
  });

  test('a connection that is refused is retried, then an error', async () => {
    const results = await run((_req, res) => ok(res), () => ['127.0.0.1:1/a/b:1']);
    expect(results[0].error).toMatch(/connection failed/);
  });
});

describe('Bearer flow against a stub', () => {
  test('one 401 per host, one token per scope, reused by every request', async () => {
    let tokenRequests = 0;
    let turnedAway = 0;
    const results = await run(
      (req, res) => {
        const url = new URL(req.url ?? '/', 'http://x');
        if (url.pathname === '/token') {
          tokenRequests++;
          return res.writeHead(200).end(JSON.stringify({ token: `t-${url.searchParams.get('scope')}` }));
        }
        const repo = url.pathname.split('/').slice(2, 4).join('/');
        if (req.headers.authorization !== `Bearer t-repository:${repo}:pull`) {
          turnedAway++;
          return res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${req.headers.host}/token",service="stub",scope="repository:${repo}:pull"` }).end();
        }
        if (url.pathname.endsWith('/tags/list')) return res.writeHead(200).end(JSON.stringify({ tags: ['1.0.0', '1.0.1', '1.1.0'] }));
        ok(res);
      },
      (host) => [`${host}/a/one:1.0.0`, `${host}/a/one:1.0.0`, `${host}/a/two:1.0.0`, `${host}/a/two:1.0.1`],
      { policy: 'minor' },
    );
    expect(results.map((r) => r.error)).toEqual([undefined, undefined, undefined, undefined]);
    expect(results[0].candidateTag).toBe('1.1.0');
    expect(tokenRequests).toBe(2);
    expect(client?.api.auth.tokenRequests).toBe(2);
    // Only the very first request was turned away; the 7 others carried their token.
    expect(turnedAway).toBe(1);
    expect(stub?.log.filter((l) => !l.startsWith('GET /token'))).toHaveLength(1 + 7);
  });
});
