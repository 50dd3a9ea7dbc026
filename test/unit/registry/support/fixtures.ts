/** Shared bits for registry tests: guards, clients pointed at a loopback registry. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistryClient, type RegistryClient } from '../../../../src/adapters/registry';
import { createCredentialStore } from '../../../../src/adapters/registry/credentials';
import { mergeRegistriesConf, parseRegistriesConf } from '../../../../src/registry';
import { hasRegistryBinary } from './local-registry';

/** `describe` when the real registry binary is installed; otherwise skipped with one line (or failed when required). */
export function describeWithRegistry(name: string, body: () => void): void {
  if (hasRegistryBinary()) {
    describe(name, body);
    return;
  }
  if (process.env.QUADCTL_E2E === 'required') {
    describe(name, () => {
      test('prerequisites', () => {
        throw new Error('docker-registry is not installed (apt-get install docker-registry)');
      });
    });
    return;
  }
  process.stdout.write(`skipping "${name}": docker-registry is not installed\n`);
  describe.skip(name, body);
}

export function insecureConf(...hosts: string[]) {
  const text = hosts.map((h) => `[[registry]]\nlocation = "${h}"\ninsecure = true\n`).join('\n');
  return mergeRegistriesConf([parseRegistriesConf(text, 'test-registries.conf')]);
}

export interface TempAuth {
  file: string;
  remove(): void;
}

export function writeAuthJson(doc: unknown): TempAuth {
  const dir = mkdtempSync(join(tmpdir(), 'quadctl-auth-'));
  const file = join(dir, 'auth.json');
  writeFileSync(file, JSON.stringify(doc));
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function basicAuthEntry(username: string, password: string): { auth: string } {
  return { auth: Buffer.from(`${username}:${password}`).toString('base64') };
}

/** A client for loopback registries: no system registries.conf or auth files, fast retries. */
export async function testClient(options: { hosts: string[]; authFile?: string; tagPageSize?: number; timeoutMs?: number }): Promise<RegistryClient> {
  return createRegistryClient({
    registriesConf: insecureConf(...options.hosts),
    credentials: createCredentialStore({ files: options.authFile ? [options.authFile] : [] }),
    http: { backoffMs: 1, readTimeoutMs: options.timeoutMs ?? 10_000, connectTimeoutMs: options.timeoutMs ?? 10_000 },
    tagPageSize: options.tagPageSize,
  });
}
