/**
 * Registry credentials, found where Podman (containers/image pkg/docker/config)
 * finds them, in this order — the first file with an answer wins:
 *
 *   1. an explicit auth file (`podman --authfile`; for the updater, a container's
 *      io.containers.autoupdate.authfile label), else $REGISTRY_AUTH_FILE, else
 *      $XDG_RUNTIME_DIR/containers/auth.json (/run/containers/<uid>/auth.json
 *      when XDG_RUNTIME_DIR is unset)
 *   2. ${XDG_CONFIG_HOME:-~/.config}/containers/auth.json
 *   3. ${DOCKER_CONFIG:-~/.docker}/config.json
 *   4. ~/.dockercfg (the legacy format: the `auths` map at top level)
 *
 * Within a file: `credHelpers[registry]` names a docker-credential-<helper> to
 * ask; otherwise the most specific `auths` key wins (`reg/ns/repo`, then
 * `reg/ns`, then `reg`; Docker-style keys like `https://index.docker.io/v1/`
 * are normalised); otherwise `credsStore` is asked.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface Credentials {
  username?: string;
  password?: string;
  /** An OAuth2 refresh token (`identitytoken`), exchanged at the token endpoint. */
  identityToken?: string;
  /** Where they came from, for messages: a file path or `docker-credential-<helper>`. */
  source: string;
}

export interface CredentialStore {
  lookup(registry: string, repository: string): Promise<Credentials | undefined>;
  /** The files consulted, for "no credentials found in …" messages. */
  readonly files: readonly string[];
}

export interface HelperResult {
  code: number;
  stdout: string;
  stderr: string;
}
export type HelperRunner = (helper: string, server: string) => Promise<HelperResult>;

interface AuthFileEnv {
  REGISTRY_AUTH_FILE?: string;
  XDG_RUNTIME_DIR?: string;
  XDG_CONFIG_HOME?: string;
  DOCKER_CONFIG?: string;
  HOME?: string;
}

/**
 * The auth files Podman consults, in its order. An explicit `authFile` takes the
 * first place, as `--authfile` does in containers/image: the others still follow.
 */
export function authFilePaths(env: AuthFileEnv, uid: number, authFile?: string): string[] {
  const home = env.HOME ?? '/root';
  const primary = authFile || env.REGISTRY_AUTH_FILE || (env.XDG_RUNTIME_DIR ? join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json') : `/run/containers/${uid}/auth.json`);
  return [
    primary,
    join(env.XDG_CONFIG_HOME || join(home, '.config'), 'containers', 'auth.json'),
    join(env.DOCKER_CONFIG || join(home, '.docker'), 'config.json'),
    join(home, '.dockercfg'),
  ];
}

interface AuthEntry {
  auth?: string;
  identitytoken?: string;
  username?: string;
  password?: string;
}

interface AuthFile {
  auths: Record<string, AuthEntry>;
  credHelpers: Record<string, string>;
  credsStore?: string;
}

class CredentialsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialsError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseAuthFile(text: string, path: string): AuthFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new CredentialsError(`${path}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!isObject(doc)) throw new CredentialsError(`${path}: expected a JSON object`);
  const legacy = path.endsWith('.dockercfg');
  const auths = legacy ? doc : (doc.auths ?? {});
  if (!isObject(auths)) throw new CredentialsError(`${path}: "auths" must be an object`);
  const credHelpers = legacy ? {} : (doc.credHelpers ?? {});
  if (!isObject(credHelpers)) throw new CredentialsError(`${path}: "credHelpers" must be an object`);
  const credsStore = legacy ? undefined : doc.credsStore;
  if (credsStore !== undefined && typeof credsStore !== 'string') throw new CredentialsError(`${path}: "credsStore" must be a string`);
  return { auths: auths as Record<string, AuthEntry>, credHelpers: credHelpers as Record<string, string>, credsStore };
}

/** `https://index.docker.io/v1/` → `docker.io`; `http://host:5000/v1/` → `host:5000`. */
export function normaliseAuthKey(key: string): string {
  const stripped = key.replace(/^https?:\/\//, '').replace(/\/v[12]\/?$/, '').replace(/\/+$/, '');
  return stripped === 'index.docker.io' || stripped === 'registry-1.docker.io' ? 'docker.io' : stripped;
}

/** Keys to try, most specific first: `reg/ns/repo`, `reg/ns`, `reg`. */
function candidateKeys(registry: string, repository: string): string[] {
  const parts = repository.split('/');
  const keys: string[] = [];
  for (let n = parts.length; n >= 1; n--) keys.push(`${registry}/${parts.slice(0, n).join('/')}`);
  keys.push(registry);
  return keys;
}

function decodeEntry(entry: AuthEntry, key: string, path: string): Credentials | undefined {
  if (!isObject(entry)) throw new CredentialsError(`${path}: auths["${key}"] must be an object`);
  if (typeof entry.identitytoken === 'string' && entry.identitytoken) return { identityToken: entry.identitytoken, source: path };
  if (typeof entry.auth === 'string' && entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new CredentialsError(`${path}: auths["${key}"].auth is not base64 of "user:password"`);
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), source: path };
  }
  if (typeof entry.username === 'string' && typeof entry.password === 'string') return { username: entry.username, password: entry.password, source: path };
  return undefined;
}

function findEntry(file: AuthFile, registry: string, repository: string, path: string): Credentials | undefined {
  const normalised = new Map(Object.entries(file.auths).map(([key, entry]) => [normaliseAuthKey(key), { key, entry }]));
  for (const key of candidateKeys(registry, repository)) {
    const hit = normalised.get(key);
    if (hit) {
      const creds = decodeEntry(hit.entry, hit.key, path);
      if (creds) return creds;
    }
  }
  return undefined;
}

/** Docker stores Hub credentials under its v1 URL; Podman under `docker.io`. Ask for both. */
function helperServers(registry: string): string[] {
  return registry === 'docker.io' ? ['docker.io', 'https://index.docker.io/v1/'] : [registry];
}

async function askHelper(run: HelperRunner, helper: string, registry: string): Promise<Credentials | undefined> {
  for (const server of helperServers(registry)) {
    const result = await run(helper, server);
    if (result.code !== 0) {
      if (/not found/i.test(result.stdout + result.stderr)) continue;
      throw new CredentialsError(`docker-credential-${helper} get ${server} failed (exit ${result.code}): ${(result.stderr || result.stdout).trim().slice(0, 200)}`);
    }
    let doc: unknown;
    try {
      doc = JSON.parse(result.stdout);
    } catch {
      throw new CredentialsError(`docker-credential-${helper} get ${server}: output is not JSON`);
    }
    if (!isObject(doc) || typeof doc.Secret !== 'string') throw new CredentialsError(`docker-credential-${helper} get ${server}: no "Secret" in its output`);
    const source = `docker-credential-${helper}`;
    if (doc.Username === '<token>') return { identityToken: doc.Secret, source };
    return { username: typeof doc.Username === 'string' ? doc.Username : '', password: doc.Secret, source };
  }
  return undefined;
}

/** Runs `docker-credential-<helper> get` with the server on stdin, as the helper protocol says. */
const runCredentialHelper: HelperRunner = (helper, server) =>
  new Promise((resolve) => {
    if (!/^[A-Za-z0-9._-]+$/.test(helper)) {
      resolve({ code: 127, stdout: '', stderr: `refusing credential helper name ${JSON.stringify(helper)}` });
      return;
    }
    const child = execFile(`docker-credential-${helper}`, ['get'], { env: process.env, timeout: 30_000, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 127) : 0;
      resolve({ code, stdout: String(stdout), stderr: err && !stderr ? err.message : String(stderr) });
    });
    child.stdin?.end(server);
  });

interface CredentialStoreOptions {
  files: readonly string[];
  /** Files that must exist: one named explicitly is an error when missing, as `podman --authfile` makes it. */
  required?: readonly string[];
  readText?: (path: string) => Promise<string | undefined>;
  runHelper?: HelperRunner;
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw new CredentialsError(`${path}: cannot read (${(err as Error).message})`);
  }
}

export function createCredentialStore(options: CredentialStoreOptions): CredentialStore {
  const readText = options.readText ?? readIfExists;
  const runHelper = options.runHelper ?? runCredentialHelper;
  const parsed = new Map<string, Promise<AuthFile | undefined>>();
  const load = (path: string): Promise<AuthFile | undefined> => {
    let found = parsed.get(path);
    if (!found) {
      found = readText(path).then((text) => {
        if (text === undefined && options.required?.includes(path)) throw new CredentialsError(`${path}: no such auth file`);
        return text === undefined ? undefined : parseAuthFile(text, path);
      });
      parsed.set(path, found);
    }
    return found;
  };
  const memo = new Map<string, Promise<Credentials | undefined>>();
  async function lookupUncached(registry: string, repository: string): Promise<Credentials | undefined> {
    for (const path of options.files) {
      const file = await load(path);
      if (!file) continue;
      const helper = file.credHelpers[registry];
      if (helper) {
        const creds = await askHelper(runHelper, helper, registry);
        if (creds) return creds;
        continue;
      }
      const creds = findEntry(file, registry, repository, path);
      if (creds) return creds;
      if (file.credsStore) {
        const stored = await askHelper(runHelper, file.credsStore, registry);
        if (stored) return stored;
      }
    }
    return undefined;
  }
  return {
    files: options.files,
    lookup(registry, repository) {
      const key = `${registry}/${repository}`;
      let found = memo.get(key);
      if (!found) {
        found = lookupUncached(registry, repository);
        memo.set(key, found);
      }
      return found;
    },
  };
}
