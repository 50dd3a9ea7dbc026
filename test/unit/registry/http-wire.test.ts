/**
 * The registry HTTP layer on the wire, against loopback servers: redirects
 * (credentials stay with their origin), loops, 303, self-signed TLS, gzip,
 * bodies that grow past the cap or stall, and TLS that never completes.
 */
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { createHttp, type Http } from '../../../src/adapters/registry';
import { HttpError } from '../../../src/adapters/http/error';
import { selfSignedCert } from './support/self-signed';
import { type Handler, startStub, type StubServer } from './support/stub-server';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

function http(options: Parameters<typeof createHttp>[0] = {}): Http {
  const made = createHttp({ backoffMs: 1, sleep: async () => undefined, ...options });
  cleanups.push(() => made.close());
  return made;
}

async function stub(handler: Handler): Promise<StubServer> {
  const server = await startStub(handler);
  cleanups.push(() => server.stop());
  return server;
}

/** What a request arrived with, by path. */
function recorder() {
  const seen = new Map<string, { method?: string; authorization?: string; cookie?: string; contentType?: string; body: string }>();
  const record: Handler = (req) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => seen.set(req.url ?? '', { method: req.method, authorization: req.headers.authorization, cookie: req.headers.cookie, contentType: req.headers['content-type'], body }));
  };
  return { seen, record };
}

const rejection = (p: Promise<unknown>): Promise<HttpError> =>
  p.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (err: unknown) => {
      if (!(err instanceof HttpError)) throw err;
      return err;
    },
  );

describe('redirects', () => {
  test('to another origin: followed without Authorization or cookies; the final URL is returned', async () => {
    const { seen, record } = recorder();
    const storage = await stub((req, res) => {
      record(req, res, 0);
      req.on('end', () => res.writeHead(200).end('blob'));
    });
    const registry = await stub((_req, res) => res.writeHead(307, { location: `${storage.url}/signed?sig=abc` }).end());
    const wire: string[] = [];
    const client = http({ onRequest: (method, url) => wire.push(`${method} ${url}`) });
    const response = await client.request({ method: 'GET', url: `${registry.url}/v2/a/b/blobs/x`, headers: { authorization: 'Bearer secret', cookie: 'c=1', accept: '*/*' }, maxBytes: 100 });
    expect(response).toMatchObject({ status: 200, url: `${storage.url}/signed?sig=abc` });
    expect(response.body.toString()).toBe('blob');
    expect(seen.get('/signed?sig=abc')).toMatchObject({ method: 'GET', authorization: undefined, cookie: undefined });
    expect(wire).toEqual([`GET ${registry.url}/v2/a/b/blobs/x`, `GET ${storage.url}/signed?sig=abc`]);
    expect(client.sent).toBe(2);
  });

  test('on the same origin (relative Location): Authorization is kept', async () => {
    const { seen, record } = recorder();
    const registry = await stub((req, res) => {
      if (req.url === '/v2/a/b/manifests/1') return res.writeHead(301, { location: '../../b/manifests/moved' }).end();
      record(req, res, 0);
      req.on('end', () => res.writeHead(200, { 'docker-content-digest': 'sha256:x' }).end());
    });
    const response = await http().request({ method: 'HEAD', url: `${registry.url}/v2/a/b/manifests/1`, headers: { authorization: 'Bearer secret' }, maxBytes: 0 });
    expect(response).toMatchObject({ status: 200, url: `${registry.url}/v2/a/b/manifests/moved` });
    expect(response.headers.get('Docker-Content-Digest')).toBe('sha256:x');
    expect(seen.get('/v2/a/b/manifests/moved')).toMatchObject({ method: 'HEAD', authorization: 'Bearer secret' });
  });

  test('another port is another origin', async () => {
    const { seen, record } = recorder();
    const other = await stub((req, res) => {
      record(req, res, 0);
      req.on('end', () => res.writeHead(200).end());
    });
    const registry = await stub((_req, res) => res.writeHead(302, { location: `http://127.0.0.1:${other.host.split(':')[1]}/there` }).end());
    await http().request({ method: 'GET', url: `${registry.url}/here`, headers: { authorization: 'Basic dTpw' }, maxBytes: 10 });
    expect(seen.get('/there')?.authorization).toBeUndefined();
  });

  test('303 after a POST is a GET without the body', async () => {
    const { seen, record } = recorder();
    const server = await stub((req, res) => {
      if (req.url === '/token') return res.writeHead(303, { location: '/token/issued' }).end();
      record(req, res, 0);
      req.on('end', () => res.writeHead(200).end('{}'));
    });
    await http().request({ method: 'POST', url: `${server.url}/token`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=b', maxBytes: 10 });
    expect(seen.get('/token/issued')).toEqual({ method: 'GET', authorization: undefined, cookie: undefined, contentType: undefined, body: '' });
  });

  test('a redirect loop is an error, not retried', async () => {
    const server = await stub((req, res) => res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a' }).end());
    const client = http();
    const err = await rejection(client.request({ method: 'GET', url: `${server.url}/a`, maxBytes: 10 }));
    expect(err.kind).toBe('redirect');
    expect(err.message).toMatch(/more than 10 redirects/);
    expect(server.log).toHaveLength(11);
    expect(client.sent).toBe(11);
  });

  test('a redirect to another scheme than http(s) is an error', async () => {
    const server = await stub((_req, res) => res.writeHead(302, { location: 'file:///etc/passwd' }).end());
    const err = await rejection(http().request({ method: 'GET', url: `${server.url}/a`, maxBytes: 10 }));
    expect(err).toMatchObject({ kind: 'redirect', message: expect.stringMatching(/only http and https/) });
  });

  test('a redirect without Location is the answer', async () => {
    const server = await stub((_req, res) => res.writeHead(302).end());
    await expect(http().request({ method: 'GET', url: `${server.url}/a`, maxBytes: 10 })).resolves.toMatchObject({ status: 302 });
  });
});

describe('TLS', () => {
  let server: HttpsServer;
  let url: string;
  beforeAll(async () => {
    server = createHttpsServer(selfSignedCert('127.0.0.1', 'IP:127.0.0.1'), (_req, res) => res.writeHead(200).end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/v2/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('a self-signed certificate is refused at once (no retries), unless TLS is not verified (registries.conf insecure)', async () => {
    const client = http({ attempts: 4 });
    const refused = await rejection(client.request({ method: 'GET', url, maxBytes: 10 }));
    expect(refused).toMatchObject({ kind: 'certificate', message: expect.stringMatching(/certificate does not verify.*self.signed.*insecure = true/is) });
    expect(client.sent).toBe(1);
    const accepted = await client.request({ method: 'GET', url, maxBytes: 10, insecureTls: true });
    expect(accepted.body.toString()).toBe('ok');
    // The verifying agent's refusal did not leak into the unverified one, nor back.
    await expect(rejection(client.request({ method: 'GET', url, maxBytes: 10 }))).resolves.toMatchObject({ kind: 'certificate' });
  });

  test('a server that accepts TCP but never finishes the handshake is a connect timeout, not retried', async () => {
    const sockets = new Set<Socket>();
    const silent: TcpServer = createTcpServer((s) => sockets.add(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      silent.close(() => resolve());
    }));
    const address = silent.address();
    const client = http({ connectTimeoutMs: 200 });
    const err = await rejection(client.request({ method: 'GET', url: `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/v2/`, maxBytes: 10 }));
    expect(err).toMatchObject({ kind: 'timeout', message: expect.stringMatching(/no connection within 200 ms/) });
    expect(client.sent).toBe(1);
  });
});

describe('bodies', () => {
  test('gzip is decoded; the digest is of the decoded bytes, as with fetch', async () => {
    const json = JSON.stringify({ tags: ['1', '2'] });
    const server = await stub((req, res) => {
      const gzip = /gzip/.test(String(req.headers['accept-encoding']));
      res.writeHead(200, gzip ? { 'content-encoding': 'gzip' } : {}).end(gzip ? gzipSync(json) : json);
    });
    const response = await http().request({ method: 'GET', url: `${server.url}/v2/a/b/tags/list`, maxBytes: 1000 });
    expect(response.body.toString()).toBe(json);
  });

  test('a gzip body that inflates past the cap is refused', async () => {
    const server = await stub((_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(1 << 20))));
    const err = await rejection(http().request({ method: 'GET', url: `${server.url}/x`, maxBytes: 64 << 10 }));
    expect(err).toMatchObject({ kind: 'too-large', message: expect.stringMatching(/once decoded/) });
  });

  test('a body without Content-Length that grows past the cap is refused', async () => {
    const server = await stub((_req, res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(16 << 10, 120);
      const more = () => {
        if (!res.destroyed) res.write(chunk, () => setImmediate(more));
      };
      more();
    });
    const client = http();
    const err = await rejection(client.request({ method: 'GET', url: `${server.url}/x`, maxBytes: 100 << 10 }));
    expect(err).toMatchObject({ kind: 'too-large', message: expect.stringMatching(/exceeds the 102400-byte limit/) });
    expect(client.sent).toBe(1);
  });

  test('a body that stalls is a read timeout, not retried', async () => {
    const server = await stub((_req, res) => {
      res.writeHead(200, { 'content-length': '10' });
      res.write('12345');
    });
    const client = http({ readTimeoutMs: 200 });
    const err = await rejection(client.request({ method: 'GET', url: `${server.url}/x`, maxBytes: 100 }));
    expect(err).toMatchObject({ kind: 'timeout', message: expect.stringMatching(/body stalled for 200 ms/) });
    expect(server.log).toHaveLength(1);
  });

  test('a connection that drops mid-body is a connection error, retried', async () => {
    const server = await stub((_req, res, n) => {
      if (n > 1) return res.writeHead(200).end('0123456789');
      res.writeHead(200, { 'content-length': '10' });
      res.write('12345', () => res.socket?.destroy());
    });
    const response = await http().request({ method: 'GET', url: `${server.url}/x`, maxBytes: 100 });
    expect(response.body.toString()).toBe('0123456789');
    expect(server.log).toHaveLength(2);
  });

  test('a header sent twice reads as both values, as fetch joins them', async () => {
    const server = await stub((_req, res) => {
      res.setHeader('www-authenticate', ['Basic realm="r"', 'Bearer realm="https://auth.example/token",service="s"']);
      res.writeHead(401).end();
    });
    const response = await http().request({ method: 'GET', url: `${server.url}/v2/`, maxBytes: 100 });
    expect(response.headers.get('WWW-Authenticate')).toBe('Basic realm="r", Bearer realm="https://auth.example/token",service="s"');
    expect(response.headers.get('link')).toBeNull();
  });
});
