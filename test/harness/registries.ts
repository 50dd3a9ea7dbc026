/** The two registries a sandbox can run, and waiting until they answer. */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { call, type RegistryEndpoint } from './image/registry-http';
import { proxySocketPath, type RegistryDefinition } from './registry-units';

export const PLAIN_PORT = 5000;
export const AUTH_PORT = 5001;

export interface RegistryInfo {
  /** host:port as code inside the sandbox names it (e.g. in image references). */
  host: string;
}

export interface AuthRegistryInfo extends RegistryInfo {
  username: string;
  password: string;
}

export function newCredentials(): { username: string; password: string } {
  return { username: 'quadctl-e2e', password: randomBytes(12).toString('hex') };
}

/** A bcrypt htpasswd line (what distribution's htpasswd auth accepts). */
export function htpasswdLine(username: string, password: string): string {
  const made = spawnSync('htpasswd', ['-nbB', username, password], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`htpasswd failed: ${made.stderr}`);
  return made.stdout.trim();
}

export function definitions(plain: boolean, auth: { username: string; password: string } | null): RegistryDefinition[] {
  const defs: RegistryDefinition[] = [];
  if (plain) defs.push({ port: PLAIN_PORT });
  if (auth) defs.push({ port: AUTH_PORT, htpasswd: htpasswdLine(auth.username, auth.password) });
  return defs;
}

export function endpoint(pid: number, port: number, auth?: { username: string; password: string }): RegistryEndpoint {
  return {
    socketPath: `/proc/${pid}/root${proxySocketPath(port)}`,
    host: `localhost:${port}`,
    ...(auth ? { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` } : {}),
  };
}

/** Poll /v2/ until the registry answers with the status its auth mode implies. */
export async function waitForRegistry(ep: RegistryEndpoint, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const r = await call(ep, 'GET', '/v2/');
      if (r.status === 200) return;
      last = `HTTP ${r.status} ${r.body.slice(0, 200)}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`registry ${ep.host} not ready: ${last}`);
}
