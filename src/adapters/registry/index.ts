/**
 * Wiring for the registry client: the updater and `quadctl check` call
 * `createRegistryClient()` and hand `client.api` and `client.registriesConf`
 * to the core's `checkImages`.
 */
import { authFilePaths, createCredentialStore, type CredentialStore, type HelperRunner } from './credentials';
import { createHttp, type Http, type HttpOptions } from './http';
import { HttpRegistry } from './client';
import { loadRegistriesConf, type RegistriesConfEnv } from './registries-conf-files';
import type { RegistriesConf } from '../../registry/registries-conf';

export { HttpRegistry } from './client';
export { authFilePaths, createCredentialStore, normaliseAuthKey } from './credentials';
export { createHttp, retryAfterMs, type Http } from './http';
export { loadRegistriesConf, registriesConfPaths } from './registries-conf-files';

type RegistryEnv = RegistriesConfEnv & {
  REGISTRY_AUTH_FILE?: string;
  XDG_RUNTIME_DIR?: string;
  XDG_CONFIG_HOME?: string;
  DOCKER_CONFIG?: string;
};

interface RegistryClientOptions {
  /** Defaults to process.env. */
  env?: RegistryEnv;
  uid?: number;
  http?: HttpOptions;
  /** Use these instead of reading registries.conf. */
  registriesConf?: RegistriesConf;
  /** Use this instead of Podman's auth files. */
  credentials?: CredentialStore;
  runHelper?: HelperRunner;
  tagPageSize?: number;
}

export interface RegistryClient {
  api: HttpRegistry;
  /**
   * The same client with `authFile` searched first for credentials (a
   * container's io.containers.autoupdate.authfile; it must exist). One per
   * file, each with its own tokens: credentials never cross between them.
   * Unavailable when `credentials` was given.
   */
  withAuthFile(authFile: string): HttpRegistry;
  registriesConf: RegistriesConf;
  http: Http;
  /** Requests sent on the wire so far, token requests included. */
  requests(): number;
  close(): Promise<void>;
}

export async function createRegistryClient(options: RegistryClientOptions = {}): Promise<RegistryClient> {
  const env = options.env ?? (process.env as RegistryEnv);
  const uid = options.uid ?? process.getuid?.() ?? 0;
  const registriesConf = options.registriesConf ?? (await loadRegistriesConf(env, undefined, { uid }));
  const credentials = options.credentials ?? createCredentialStore({ files: authFilePaths(env, uid), runHelper: options.runHelper });
  const http = createHttp(options.http);
  const registryWith = (store: CredentialStore): HttpRegistry => new HttpRegistry({ http, credentials: store, registriesConf, tagPageSize: options.tagPageSize });
  const api = registryWith(credentials);
  const perFile = new Map<string, HttpRegistry>();
  const withAuthFile = (authFile: string): HttpRegistry => {
    if (options.credentials) throw new Error('withAuthFile: this client was given fixed credentials');
    let found = perFile.get(authFile);
    if (!found) {
      found = registryWith(createCredentialStore({ files: authFilePaths(env, uid, authFile), required: [authFile], runHelper: options.runHelper }));
      perFile.set(authFile, found);
    }
    return found;
  };
  return { api, withAuthFile, registriesConf, http, requests: () => http.sent, close: () => http.close() };
}
