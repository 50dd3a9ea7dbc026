/**
 * How hosts are reached: self-signed TLS for `insecure` registries, mirrors
 * that fall through to the primary location, identity tokens, and refusing to
 * send credentials to a plain-HTTP token realm.
 */
import { createHash } from 'node:crypto';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { createHttp, createRegistryClient, type RegistryClient } from '../../../src/adapters/registry';
import { RegistryAuth } from '../../../src/adapters/registry/auth';
import { createCredentialStore } from '../../../src/adapters/registry/credentials';
import { checkImages, mergeRegistriesConf, parseRegistriesConf } from '../../../src/registry';
import { startStub, type StubServer } from './support/stub-server';
import { writeAuthJson, type TempAuth } from './support/fixtures';
import { selfSignedCert } from './support/self-signed';

const MANIFEST = '{"schemaVersion":2}';
const DIGEST = `sha256:${createHash('sha256').update(MANIFEST).digest('hex')}`;
const OTHER = `sha256:${'e'.repeat(64)}`;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function clientFor(confText: string, authFile?: string): Promise<RegistryClient> {
  const client = await createRegistryClient({
    registriesConf: mergeRegistriesConf([parseRegistriesConf(confText, 'test.conf')]),
    credentials: createCredentialStore({ files: authFile ? [authFile] : [] }),
    http: { backoffMs: 1, attempts: 2 },
  });
  cleanups.push(() => client.close());
  return client;
}

async function stub(handler: Parameters<typeof startStub>[0]): Promise<StubServer> {
  const server = await startStub(handler);
  cleanups.push(() => server.stop());
  return server;
}

function tempAuth(doc: unknown): TempAuth {
  const auth = writeAuthJson(doc);
  cleanups.push(() => auth.remove());
  return auth;
}

describe('TLS for insecure registries', () => {
  let server: Server;
  let host: string;
  beforeAll(async () => {
    const tls = selfSignedCert('127.0.0.1', 'IP:127.0.0.1');
    server = createHttpsServer(tls, (_req, res) => res.writeHead(200, { 'docker-content-digest': DIGEST }).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    host = `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('a self-signed certificate is accepted only when the registry is insecure', async () => {
    const insecure = await clientFor(`[[registry]]\nlocation = "${host}"\ninsecure = true\n`);
    const secure = await clientFor('');
    const [ok] = await checkImages([{ reference: `${host}/a/b:1` }], { registry: insecure.api });
    const [refused] = await checkImages([{ reference: `${host}/a/b:1` }], { registry: secure.api });
    expect(ok.currentDigest).toBe(DIGEST);
    expect(refused.error).toMatch(/TLS certificate does not verify.*self.signed/i);
  });
});

describe('mirrors', () => {
  test('a failing mirror falls through to the location; a working one answers', async () => {
    const broken = await stub((_req, res) => res.writeHead(404).end());
    const mirror = await stub((_req, res) => res.writeHead(200, { 'docker-content-digest': OTHER }).end());
    const primary = await stub((_req, res) => res.writeHead(200, { 'docker-content-digest': DIGEST }).end());
    const conf = (mirrors: string[]) =>
      `[[registry]]\nprefix = "origin.example"\nlocation = "${primary.host}"\ninsecure = true\n${mirrors.map((m) => `[[registry.mirror]]\nlocation = "${m}"\ninsecure = true\n`).join('')}`;
    const viaBroken = await clientFor(conf([broken.host]));
    const viaMirror = await clientFor(conf([mirror.host]));
    expect((await checkImages([{ reference: 'origin.example/team/app:1' }], { registry: viaBroken.api }))[0].currentDigest).toBe(DIGEST);
    expect(broken.log).toEqual(['HEAD /v2/team/app/manifests/1']);
    expect((await checkImages([{ reference: 'origin.example/team/app:1' }], { registry: viaMirror.api }))[0].currentDigest).toBe(OTHER);
  });

  test('a blocked registry is an error for that image', async () => {
    const client = await clientFor('[[registry]]\nlocation = "evil.example"\nblocked = true\n');
    const [result] = await checkImages([{ reference: 'evil.example/x:1' }], { registry: client.api });
    expect(result.error).toMatch(/blocked.*test\.conf/);
  });
});

describe('token endpoint details', () => {
  const bearer = (realmFor: (host: string) => string, onToken: (body: string, auth: string | undefined) => string) =>
    stub((req, res) => {
      if (req.url?.startsWith('/token')) {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => res.writeHead(200).end(JSON.stringify({ access_token: onToken(`${req.method} ${body}`, req.headers.authorization) })));
        return;
      }
      if (req.headers.authorization !== 'Bearer good') {
        return res.writeHead(401, { 'www-authenticate': `Bearer realm="${realmFor(req.headers.host ?? '')}",service="svc"` }).end();
      }
      res.writeHead(200, { 'docker-content-digest': DIGEST }).end();
    });

  test('an identity token is exchanged with a refresh-token grant', async () => {
    const seen: string[] = [];
    const server = await bearer((h) => `http://${h}/token`, (body) => {
      seen.push(body);
      return 'good';
    });
    const auth = tempAuth({ auths: { [server.host]: { identitytoken: 'my-refresh-token' } } });
    const client = await clientFor(`[[registry]]\nlocation = "${server.host}"\ninsecure = true\n`, auth.file);
    const [result] = await checkImages([{ reference: `${server.host}/a/b:1` }], { registry: client.api });
    expect(result.currentDigest).toBe(DIGEST);
    const form = new URLSearchParams(seen[0].replace(/^POST /, ''));
    expect(seen[0].startsWith('POST ')).toBe(true);
    expect(Object.fromEntries(form)).toMatchObject({ grant_type: 'refresh_token', refresh_token: 'my-refresh-token', service: 'svc', scope: 'repository:a/b:pull' });
  });

  test('credentials are not sent to a plain-HTTP realm of a registry that is not insecure', async () => {
    const realm = await bearer(() => 'unused', () => 'good');
    const http = createHttp({ backoffMs: 1 });
    cleanups.push(() => http.close());
    const store = createCredentialStore({ files: [tempAuth({ auths: { 'reg.example': { auth: Buffer.from('u:p').toString('base64') } } }).file] });
    const auth = new RegistryAuth(http, store);
    auth.learn('reg.example', `Bearer realm="http://${realm.host}/token",service="svc"`);
    await expect(auth.header('reg.example', 'reg.example', 'a/b')).rejects.toThrow(/refusing to send the credentials .* over plain HTTP/);
    expect(realm.log).toHaveLength(0);
    await expect(auth.header('reg.example', 'reg.example', 'a/b', true)).resolves.toBe('Bearer good');
    expect(realm.log).toHaveLength(1);
  });
});
