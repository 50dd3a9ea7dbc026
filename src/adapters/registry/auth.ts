/**
 * Answering a registry's WWW-Authenticate challenge.
 *
 * Bearer (the Docker token protocol): ask the realm for a token for
 * `repository:<name>:pull`, with Basic credentials when we have some (or an
 * OAuth2 refresh-token grant for an identity token), anonymously otherwise.
 * One token per (realm, service, scope, credentials) per run, shared by every
 * request that needs it. Once a host has challenged us, later requests to it
 * send the right Authorization up front instead of collecting a 401 each.
 */
import { type Challenge, parseWwwAuthenticate, preferredChallenge, pullScope } from '../../registry/www-authenticate';
import type { CredentialStore, Credentials } from './credentials';
import type { Http } from './http';

const TOKEN_MAX_BYTES = 1 << 20;

class AuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthError';
  }
}

function basic(creds: Credentials): string {
  return `Basic ${Buffer.from(`${creds.username ?? ''}:${creds.password ?? ''}`).toString('base64')}`;
}

export class RegistryAuth {
  private readonly challenges = new Map<string, Challenge>();
  private readonly tokens = new Map<string, Promise<string>>();
  /** Token requests sent this run (for tests and the bench). */
  tokenRequests = 0;

  constructor(
    private readonly http: Http,
    private readonly credentials: CredentialStore,
    private readonly clientId = 'quadctl',
  ) {}

  /** Records a 401's challenge for `host`; false when there is none we can answer. */
  learn(host: string, header: string | null): boolean {
    const challenge = header ? preferredChallenge(parseWwwAuthenticate(header)) : undefined;
    if (!challenge) return false;
    this.challenges.set(host, challenge);
    return true;
  }

  /** Forget the token used for this repository (it was refused, e.g. expired). */
  invalidate(host: string, repository: string): void {
    const challenge = this.challenges.get(host);
    if (challenge?.scheme !== 'bearer') return;
    for (const key of [...this.tokens.keys()]) {
      if (key.startsWith(`${challenge.params.realm}\n${challenge.params.service ?? ''}\n${pullScope(repository)}\n`)) this.tokens.delete(key);
    }
  }

  /**
   * The Authorization header for a request to `host` about `repository`, if the
   * host wants one. `plainHttpAllowed` (an `insecure` registry) is what lets
   * credentials travel to a token realm over plain HTTP.
   */
  async header(host: string, registry: string, repository: string, plainHttpAllowed = false): Promise<string | undefined> {
    const challenge = this.challenges.get(host);
    if (!challenge) return undefined;
    const creds = await this.credentials.lookup(registry, repository);
    if (challenge.scheme === 'basic') return creds && creds.username !== undefined ? basic(creds) : undefined;
    if (creds && !plainHttpAllowed && challenge.params.realm.startsWith('http:')) {
      throw new AuthError(`refusing to send the credentials from ${creds.source} to the token realm ${challenge.params.realm} over plain HTTP (mark ${registry} insecure in registries.conf to allow it)`);
    }
    return `Bearer ${await this.token(challenge, pullScope(repository), creds)}`;
  }

  /** Explains a final 401/403 to the user: which credentials were (not) found. */
  async explain(registry: string, repository: string, status: number): Promise<string> {
    const creds = await this.credentials.lookup(registry, repository);
    if (!creds) return `${registry}/${repository}: access denied (${status}) and no credentials for ${registry} in ${this.credentials.files.join(', ')}`;
    return `${registry}/${repository}: access denied (${status}) with the credentials from ${creds.source}`;
  }

  private token(challenge: Challenge, scope: string, creds: Credentials | undefined): Promise<string> {
    const key = `${challenge.params.realm}\n${challenge.params.service ?? ''}\n${scope}\n${creds ? `${creds.source}:${creds.username ?? '<token>'}` : ''}`;
    let found = this.tokens.get(key);
    if (!found) {
      found = this.fetchToken(challenge, scope, creds);
      this.tokens.set(key, found);
      found.catch(() => this.tokens.delete(key));
    }
    return found;
  }

  private async fetchToken(challenge: Challenge, scope: string, creds: Credentials | undefined): Promise<string> {
    const realm = challenge.params.realm;
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw new AuthError(`registry sent an invalid token realm ${JSON.stringify(realm)}`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new AuthError(`token realm ${realm} is not http(s)`);
    const service = challenge.params.service;
    this.tokenRequests++;
    const response = creds?.identityToken
      ? await this.http.request({
          method: 'POST',
          url: realm,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: creds.identityToken, client_id: this.clientId, scope, ...(service ? { service } : {}) }).toString(),
          maxBytes: TOKEN_MAX_BYTES,
        })
      : await this.http.request({
          method: 'GET',
          url: withQuery(url, service, scope),
          headers: creds?.username !== undefined ? { authorization: basic(creds) } : {},
          maxBytes: TOKEN_MAX_BYTES,
        });
    if (response.status === 401 || response.status === 403) {
      throw new AuthError(`token server ${url.origin}${url.pathname} refused ${creds ? `the credentials from ${creds.source}` : 'anonymous access'} for ${scope} (${response.status})`);
    }
    if (response.status !== 200) throw new AuthError(`token server ${url.origin}${url.pathname} answered ${response.status} for ${scope}`);
    return readToken(response.body, url);
  }
}

function withQuery(url: URL, service: string | undefined, scope: string): string {
  const out = new URL(url);
  if (service) out.searchParams.set('service', service);
  out.searchParams.set('scope', scope);
  return out.toString();
}

function readToken(body: Buffer, url: URL): string {
  let doc: unknown;
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch {
    throw new AuthError(`token server ${url.origin}${url.pathname} sent a body that is not JSON`);
  }
  const record = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>) : {};
  const token = typeof record.token === 'string' && record.token ? record.token : record.access_token;
  if (typeof token !== 'string' || !token) throw new AuthError(`token server ${url.origin}${url.pathname} sent no token`);
  return token;
}
