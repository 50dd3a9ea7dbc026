/**
 * Acceptance for credentials and the token flow against the real registry:
 * htpasswd (Basic) with credentials from an auth.json, and `auth: token` with
 * a token server started here, counting token requests to prove reuse.
 */
import { checkImages } from '../../src/registry';
import { type LocalRegistry, startRegistry } from '../unit/registry/support/local-registry';
import { pushImage } from '../unit/registry/support/push';
import { startTokenServer, type TokenServer } from '../unit/registry/support/token-server';
import { basicAuthEntry, describeWithRegistry, type TempAuth, testClient, writeAuthJson } from '../unit/registry/support/fixtures';

const USER = 'quad';
const PASSWORD = 'correct horse';
const basicHeader = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;

describeWithRegistry('registry client with htpasswd credentials from auth.json', () => {
  let registry: LocalRegistry;
  const temps: TempAuth[] = [];
  let digest: string;

  beforeAll(async () => {
    registry = await startRegistry({ kind: 'htpasswd', username: USER, password: PASSWORD });
    digest = (await pushImage({ url: registry.url, authorization: basicHeader }, 'private/app', '1.0.0', { marker: 'p' })).digest;
    await pushImage({ url: registry.url, authorization: basicHeader }, 'private/app', '1.0.1', { marker: 'q' });
  }, 60_000);
  afterAll(async () => {
    for (const t of temps) t.remove();
    await registry?.stop();
  });

  async function checkWith(auths: Record<string, unknown>, policy = 'digest') {
    const auth = writeAuthJson({ auths });
    temps.push(auth);
    const client = await testClient({ hosts: [registry.host], authFile: auth.file });
    try {
      const [result] = await checkImages([{ reference: `${registry.host}/private/app:1.0.0`, policy }], { registry: client.api });
      return { result, file: auth.file };
    } finally {
      await client.close();
    }
  }

  test('reads the registry entry of auth.json', async () => {
    const { result } = await checkWith({ [registry.host]: basicAuthEntry(USER, PASSWORD) }, 'patch');
    expect(result.error).toBeUndefined();
    expect(result.currentDigest).toBe(digest);
    expect(result.candidateTag).toBe('1.0.1');
  });

  test('a per-repository key wins over the registry key', async () => {
    const { result } = await checkWith({
      [registry.host]: basicAuthEntry(USER, 'wrong'),
      [`${registry.host}/private`]: basicAuthEntry(USER, PASSWORD),
    });
    expect(result.error).toBeUndefined();
    expect(result.currentDigest).toBe(digest);
  });

  test('without credentials the error says where it looked', async () => {
    const { result, file } = await checkWith({ 'elsewhere.example': basicAuthEntry(USER, PASSWORD) });
    expect(result.currentDigest).toBeUndefined();
    expect(result.error).toContain(`no credentials for ${registry.host}`);
    expect(result.error).toContain(file);
  });

  test('wrong credentials are reported with their source', async () => {
    const { result, file } = await checkWith({ [registry.host]: basicAuthEntry(USER, 'wrong') });
    expect(result.currentDigest).toBeUndefined();
    expect(result.error).toContain(`credentials from ${file}`);
  });
});

describeWithRegistry('registry client with the token flow (auth: token)', () => {
  let tokens: TokenServer;
  let registry: LocalRegistry;
  const temps: TempAuth[] = [];
  const digests: Record<string, string> = {};

  beforeAll(async () => {
    tokens = await startTokenServer({ credentials: { username: USER, password: PASSWORD } });
    registry = await startRegistry({ kind: 'token', realm: tokens.realm, service: tokens.service, issuer: tokens.issuer, certPem: tokens.certPem });
    for (const [repo, tag] of [['team/api', '2.1.0'], ['team/api', '2.1.3'], ['team/api', '2.2.0'], ['team/web', '1.0.0'], ['team/web', '1.1.0']]) {
      const target = { url: registry.url, authorization: `Bearer ${tokens.mint(`repository:${repo}:pull,push`)}` };
      digests[`${repo}:${tag}`] = (await pushImage(target, repo, tag, { marker: `${repo}${tag}` })).digest;
    }
    tokens.requests.clear();
  }, 60_000);
  afterAll(async () => {
    for (const t of temps) t.remove();
    await registry?.stop();
    await tokens?.stop();
  });

  test('one token per repository scope per run, however many requests use it', async () => {
    const auth = writeAuthJson({ auths: { [registry.host]: basicAuthEntry(USER, PASSWORD) } });
    temps.push(auth);
    const client = await testClient({ hosts: [registry.host], authFile: auth.file });
    const api = `${registry.host}/team/api`;
    const web = `${registry.host}/team/web`;
    const results = await checkImages(
      [
        { reference: `${api}:2.1.0`, policy: 'patch' },
        { reference: `${api}:2.1.0`, policy: 'minor' },
        { reference: `${api}:2.1.3` },
        { reference: `${web}:1.0.0`, policy: 'minor' },
        { reference: `${web}:1.0.0` },
      ],
      { registry: client.api, concurrency: 4 },
    );
    await client.close();
    expect(results.map((r) => r.error)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(results[0]).toMatchObject({ currentDigest: digests['team/api:2.1.0'], candidateTag: '2.1.3', candidateDigest: digests['team/api:2.1.3'] });
    expect(results[1]).toMatchObject({ candidateTag: '2.2.0', candidateDigest: digests['team/api:2.2.0'] });
    expect(results[3]).toMatchObject({ candidateTag: '1.1.0', candidateDigest: digests['team/web:1.1.0'] });
    // Many manifest and tag-list requests, but each scope's token was asked for once.
    expect(Object.fromEntries(tokens.requests)).toEqual({ 'repository:team/api:pull': 1, 'repository:team/web:pull': 1 });
    expect(client.api.auth.tokenRequests).toBe(2);
  });

  test('credentials the token server refuses are an error naming their source', async () => {
    const auth = writeAuthJson({ auths: { [registry.host]: basicAuthEntry(USER, 'nope') } });
    temps.push(auth);
    const client = await testClient({ hosts: [registry.host], authFile: auth.file });
    const [result] = await checkImages([{ reference: `${registry.host}/team/api:2.1.0` }], { registry: client.api });
    await client.close();
    expect(result.currentDigest).toBeUndefined();
    expect(result.error).toContain(`refused the credentials from ${auth.file}`);
  });
});
