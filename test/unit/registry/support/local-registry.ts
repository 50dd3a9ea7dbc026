/**
 * Runs Debian's real `docker-registry` (distribution 2.8) on the host loopback
 * for a test file: a free port, a temporary storage folder, and a stop() that
 * always kills the process and removes the folder.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REGISTRY_BINARY = '/usr/bin/docker-registry';

export function hasRegistryBinary(): boolean {
  return spawnSync(REGISTRY_BINARY, ['--version']).status === 0;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export type RegistryAuthConfig =
  | { kind: 'none' }
  | { kind: 'htpasswd'; username: string; password: string }
  | { kind: 'token'; realm: string; service: string; issuer: string; certPem: string };

export interface LocalRegistry {
  host: string;
  url: string;
  dir: string;
  stop(): Promise<void>;
}

function authYaml(auth: RegistryAuthConfig, dir: string): string {
  if (auth.kind === 'htpasswd') {
    const file = join(dir, 'htpasswd');
    const made = spawnSync('htpasswd', ['-Bbn', auth.username, auth.password], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`htpasswd failed: ${made.stderr}`);
    writeFileSync(file, made.stdout);
    return `auth: {htpasswd: {realm: basic-realm, path: ${file}}}\n`;
  }
  if (auth.kind === 'token') {
    const bundle = join(dir, 'token-cert.pem');
    writeFileSync(bundle, auth.certPem);
    return `auth: {token: {realm: "${auth.realm}", service: "${auth.service}", issuer: "${auth.issuer}", rootcertbundle: ${bundle}}}\n`;
  }
  return '';
}

async function waitUntilUp(url: string, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited with ${child.exitCode}: ${log()}`);
    try {
      const response = await fetch(`${url}/v2/`);
      if (response.status === 200 || response.status === 401) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`docker-registry did not come up: ${log()}`);
}

export async function startRegistry(auth: RegistryAuthConfig = { kind: 'none' }): Promise<LocalRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'quadctl-registry-'));
  const port = await freePort();
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    `version: 0.1\nlog: {level: warn}\nstorage: {filesystem: {rootdirectory: ${join(dir, 'storage')}}, delete: {enabled: true}}\nhttp: {addr: 127.0.0.1:${port}}\n${authYaml(auth, dir)}`,
  );
  const child = spawn(REGISTRY_BINARY, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 3000)))]);
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilUp(url, child, () => stderr);
  } catch (err) {
    await stop();
    throw err;
  }
  return { host: `127.0.0.1:${port}`, url, dir, stop };
}
