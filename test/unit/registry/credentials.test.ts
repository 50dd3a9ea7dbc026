import { authFilePaths, createCredentialStore, normaliseAuthKey } from '../../../src/adapters/registry';
import type { HelperResult } from '../../../src/adapters/registry/credentials';

const b64 = (s: string) => Buffer.from(s).toString('base64');

function store(files: Record<string, unknown>, helpers: Record<string, Record<string, { Username: string; Secret: string }>> = {}) {
  const asked: string[] = [];
  const runHelper = async (helper: string, server: string): Promise<HelperResult> => {
    asked.push(`${helper} ${server}`);
    const secret = helpers[helper]?.[server];
    return secret ? { code: 0, stdout: JSON.stringify({ ServerURL: server, ...secret }), stderr: '' } : { code: 1, stdout: 'credentials not found in native keychain', stderr: '' };
  };
  const readText = async (path: string) => (path in files ? (typeof files[path] === 'string' ? (files[path] as string) : JSON.stringify(files[path])) : undefined);
  return { creds: createCredentialStore({ files: Object.keys(files).concat('/missing.json'), readText, runHelper }), asked };
}

describe('auth file locations (Podman order)', () => {
  test('REGISTRY_AUTH_FILE first, then the config and Docker files', () => {
    expect(authFilePaths({ REGISTRY_AUTH_FILE: '/a.json', XDG_RUNTIME_DIR: '/run/user/0', HOME: '/root' }, 0)).toEqual([
      '/a.json',
      '/root/.config/containers/auth.json',
      '/root/.docker/config.json',
      '/root/.dockercfg',
    ]);
  });
  test('without REGISTRY_AUTH_FILE: $XDG_RUNTIME_DIR, or /run/containers/<uid>', () => {
    expect(authFilePaths({ XDG_RUNTIME_DIR: '/run/user/1000', HOME: '/home/u', DOCKER_CONFIG: '/dc' }, 1000).slice(0, 3)).toEqual([
      '/run/user/1000/containers/auth.json',
      '/home/u/.config/containers/auth.json',
      '/dc/config.json',
    ]);
    expect(authFilePaths({ HOME: '/root' }, 0)[0]).toBe('/run/containers/0/auth.json');
  });
  test("a container's auth file takes the first place, over REGISTRY_AUTH_FILE; the others still follow (as podman --authfile)", () => {
    expect(authFilePaths({ REGISTRY_AUTH_FILE: '/a.json', HOME: '/root' }, 0, '/etc/quadctl/web.json')).toEqual([
      '/etc/quadctl/web.json',
      '/root/.config/containers/auth.json',
      '/root/.docker/config.json',
      '/root/.dockercfg',
    ]);
  });
});

describe("a container's own auth file", () => {
  test('is searched first: its entry wins over the same registry in a later file', async () => {
    const files: Record<string, string> = {
      '/etc/quadctl/web.json': JSON.stringify({ auths: { 'r.example': { auth: b64('web:secret') } } }),
      '/root/.config/containers/auth.json': JSON.stringify({ auths: { 'r.example': { auth: b64('global:other') } } }),
    };
    const creds = createCredentialStore({ files: authFilePaths({ HOME: '/root' }, 0, '/etc/quadctl/web.json'), required: ['/etc/quadctl/web.json'], readText: async (p) => files[p] });
    expect(await creds.lookup('r.example', 'team/web')).toEqual({ username: 'web', password: 'secret', source: '/etc/quadctl/web.json' });
  });

  test('that does not exist is an error naming it, not a silent fall-through to other credentials', async () => {
    const files: Record<string, string> = { '/root/.config/containers/auth.json': JSON.stringify({ auths: { 'r.example': { auth: b64('global:other') } } }) };
    const creds = createCredentialStore({ files: authFilePaths({ HOME: '/root' }, 0, '/etc/quadctl/gone.json'), required: ['/etc/quadctl/gone.json'], readText: async (p) => files[p] });
    await expect(creds.lookup('r.example', 'team/web')).rejects.toThrow('/etc/quadctl/gone.json: no such auth file');
  });
});

describe('credential lookup', () => {
  test('the most specific key wins, across registry/namespace/repository keys', async () => {
    const { creds } = store({
      '/auth.json': { auths: { 'r.example': { auth: b64('reg:1') }, 'r.example/team': { auth: b64('team:2') }, 'r.example/team/app': { auth: b64('app:3') } } },
    });
    expect(await creds.lookup('r.example', 'team/app')).toMatchObject({ username: 'app', password: '3', source: '/auth.json' });
    expect(await creds.lookup('r.example', 'team/other')).toMatchObject({ username: 'team' });
    expect(await creds.lookup('r.example', 'solo')).toMatchObject({ username: 'reg' });
    expect(await creds.lookup('elsewhere.example', 'solo')).toBeUndefined();
  });

  test('the first file with an answer wins; passwords may contain colons', async () => {
    const { creds } = store({
      '/first.json': { auths: { 'other.example': { auth: b64('x:y') } } },
      '/second.json': { auths: { 'r.example': { auth: b64('u:p:with:colons') } } },
      '/third.json': { auths: { 'r.example': { auth: b64('late:z') } } },
    });
    expect(await creds.lookup('r.example', 'a/b')).toEqual({ username: 'u', password: 'p:with:colons', source: '/second.json' });
  });

  test('Docker-style keys are normalised (Hub v1 URL → docker.io)', async () => {
    expect(normaliseAuthKey('https://index.docker.io/v1/')).toBe('docker.io');
    expect(normaliseAuthKey('http://r.example:5000/v2/')).toBe('r.example:5000');
    const { creds } = store({ '/config.json': { auths: { 'https://index.docker.io/v1/': { auth: b64('hub:pw') } } } });
    expect(await creds.lookup('docker.io', 'library/nginx')).toMatchObject({ username: 'hub' });
  });

  test('identity tokens are kept as such', async () => {
    const { creds } = store({ '/auth.json': { auths: { 'r.example': { identitytoken: 'refresh-me' } } } });
    expect(await creds.lookup('r.example', 'a')).toEqual({ identityToken: 'refresh-me', source: '/auth.json' });
  });

  test('credHelpers for a registry are asked before auths', async () => {
    const { creds, asked } = store(
      { '/config.json': { credHelpers: { 'r.example': 'pass' }, auths: { 'r.example': { auth: b64('stale:x') } } } },
      { pass: { 'r.example': { Username: 'helped', Secret: 's3' } } },
    );
    expect(await creds.lookup('r.example', 'a')).toEqual({ username: 'helped', password: 's3', source: 'docker-credential-pass' });
    expect(asked).toEqual(['pass r.example']);
  });

  test('credsStore is the fallback, and a <token> user means an identity token', async () => {
    const { creds, asked } = store(
      { '/config.json': { credsStore: 'desktop', auths: { 'https://index.docker.io/v1/': {} } } },
      { desktop: { 'https://index.docker.io/v1/': { Username: '<token>', Secret: 'idt' } } },
    );
    expect(await creds.lookup('docker.io', 'library/nginx')).toEqual({ identityToken: 'idt', source: 'docker-credential-desktop' });
    expect(asked).toEqual(['desktop docker.io', 'desktop https://index.docker.io/v1/']);
  });

  test('a broken auth file is an error naming it', async () => {
    const { creds } = store({ '/auth.json': '{ not json' });
    await expect(creds.lookup('r.example', 'a')).rejects.toThrow(/\/auth\.json: not valid JSON/);
  });
});

describe('docker-credential helpers (real processes)', () => {
  const { mkdtempSync, rmSync, writeFileSync } = jest.requireActual<typeof import('node:fs')>('node:fs');
  const { join } = jest.requireActual<typeof import('node:path')>('node:path');
  const { tmpdir } = jest.requireActual<typeof import('node:os')>('node:os');
  let dir: string;
  const savedPath = process.env.PATH;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'quadctl-helper-'));
    // Speaks the helper protocol: `get`, server URL on stdin, JSON on stdout, "not found" and exit 1 otherwise.
    writeFileSync(
      join(dir, 'docker-credential-quadtest'),
      '#!/bin/sh\n[ "$1" = get ] || exit 2\nread server\nif [ "$server" = "r.example" ]; then printf \'{"ServerURL":"r.example","Username":"helper-user","Secret":"helper-secret"}\'; else echo "credentials not found in native keychain"; exit 1; fi\n',
      { mode: 0o755 },
    );
    process.env.PATH = `${dir}:${savedPath}`;
  });
  afterAll(() => {
    process.env.PATH = savedPath;
    rmSync(dir, { recursive: true, force: true });
  });

  test('credHelpers runs docker-credential-<name> get with the server on stdin', async () => {
    const creds = createCredentialStore({
      files: ['/auth.json'],
      readText: async () => JSON.stringify({ credHelpers: { 'r.example': 'quadtest', 'other.example': 'quadtest' } }),
    });
    expect(await creds.lookup('r.example', 'a/b')).toEqual({ username: 'helper-user', password: 'helper-secret', source: 'docker-credential-quadtest' });
    expect(await creds.lookup('other.example', 'a/b')).toBeUndefined();
  });

  test('a helper that is not installed is an error naming it', async () => {
    const creds = createCredentialStore({ files: ['/auth.json'], readText: async () => JSON.stringify({ credsStore: 'quadctl-missing-helper' }) });
    await expect(creds.lookup('r.example', 'a')).rejects.toThrow(/docker-credential-quadctl-missing-helper get r\.example failed/);
  });
});
