/**
 * A token server for the registry's `auth: token` mode (the Docker token
 * protocol): issues RS256 JWTs whose x5c header carries a self-signed
 * certificate the registry trusts through `rootcertbundle`. Counts requests
 * per scope so tests can assert token reuse; checks Basic credentials when
 * the test sets some.
 */
import { createSign, randomUUID, X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { selfSignedCert } from './self-signed';

export interface TokenServer {
  realm: string;
  service: string;
  issuer: string;
  certPem: string;
  /** Token requests received, by the scope asked for. */
  requests: Map<string, number>;
  total(): number;
  /** A token for the test's own pushes (not counted). */
  mint(scope: string): string;
  stop(): Promise<void>;
}

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

function actionsFor(scope: string): Array<{ type: string; name: string; actions: string[] }> {
  return scope
    .split(' ')
    .filter(Boolean)
    .map((s) => {
      const [type, ...rest] = s.split(':');
      const actions = rest.pop() ?? '';
      return { type, name: rest.join(':'), actions: actions.split(',') };
    });
}

export async function startTokenServer(options: { credentials?: { username: string; password: string } } = {}): Promise<TokenServer> {
  const { key: keyPem, cert: certPem } = selfSignedCert('quadctl-test-token');
  const x5c = new X509Certificate(certPem).raw.toString('base64');
  const service = 'quadctl-test-registry';
  const issuer = 'quadctl-test-issuer';
  const requests = new Map<string, number>();
  const mint = (scope: string): string => {
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', x5c: [x5c] }));
    const claims = b64url(JSON.stringify({ iss: issuer, sub: 'test', aud: service, exp: now + 600, nbf: now - 10, iat: now, jti: randomUUID(), access: actionsFor(scope) }));
    const signature = createSign('RSA-SHA256').update(`${header}.${claims}`).sign(keyPem);
    return `${header}.${claims}.${b64url(signature)}`;
  };
  const expected = options.credentials ? `Basic ${Buffer.from(`${options.credentials.username}:${options.credentials.password}`).toString('base64')}` : undefined;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const scope = url.searchParams.getAll('scope').join(' ');
    requests.set(scope, (requests.get(scope) ?? 0) + 1);
    if (expected && req.headers.authorization !== expected) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"bad credentials"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: mint(scope), expires_in: 600 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    certPem,
    requests,
    total: () => [...requests.values()].reduce((a, b) => a + b, 0),
    mint,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
