/**
 * `quadctl check` as a user runs it (node bin/quadctl, built by `npm test`),
 * against the real registry on loopback, with registries.conf and auth.json
 * found through the same environment variables Podman reads.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalRegistry, startRegistry } from '../unit/registry/support/local-registry';
import { pushImage } from '../unit/registry/support/push';
import { basicAuthEntry, describeWithRegistry } from '../unit/registry/support/fixtures';
import { parseJsonOutput } from '../json-output';

const CHECKOUT = join(__dirname, '..', '..');

describeWithRegistry('quadctl check (CLI)', () => {
  let registry: LocalRegistry;
  let home: string;
  const digests: Record<string, string> = {};
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    registry = await startRegistry({ kind: 'htpasswd', username: 'u', password: 'p' });
    const target = { url: registry.url, authorization: `Basic ${Buffer.from('u:p').toString('base64')}` };
    for (const tag of ['1.2.0', '1.2.1', '1.3.0']) digests[tag] = (await pushImage(target, 'team/web', tag, { marker: tag })).digest;
    home = mkdtempSync(join(tmpdir(), 'quadctl-cli-'));
    mkdirSync(join(home, '.config'), { recursive: true });
    writeFileSync(join(home, 'registries.conf'), `unqualified-search-registries = ["${registry.host}"]\n[[registry]]\nlocation = "${registry.host}"\ninsecure = true\n`);
    writeFileSync(join(home, 'auth.json'), JSON.stringify({ auths: { [registry.host]: basicAuthEntry('u', 'p') } }));
    env = { PATH: process.env.PATH, HOME: home, CONTAINERS_REGISTRIES_CONF: join(home, 'registries.conf'), REGISTRY_AUTH_FILE: join(home, 'auth.json') };
  }, 60_000);
  afterAll(async () => {
    await registry?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  const quadctl = (...args: string[]) => spawnSync(process.execPath, [join(CHECKOUT, 'bin', 'quadctl'), 'check', ...args], { env, encoding: 'utf8', timeout: 60_000 });

  test('--json gives the digest and the newer tag; a short name resolves through registries.conf', () => {
    const r = quadctl('team/web:1.2.0', `${registry.host}/team/web:1.2.0`, '--policy', 'minor', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const results = parseJsonOutput<{ images: unknown[] }>('check', r.stdout).images;
    expect(results).toHaveLength(2);
    for (const result of results) {
      expect(result).toMatchObject({ resolved: `${registry.host}/team/web:1.2.0`, policy: 'minor', currentDigest: digests['1.2.0'], candidateTag: '1.3.0', candidateDigest: digests['1.3.0'] });
    }
  });

  test('human output names the newer tag; a failing image makes the exit status 1', () => {
    const r = quadctl(`${registry.host}/team/web:1.2.0`, `${registry.host}/team/gone:1.0.0`, '--policy', 'patch');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`newer:   1.2.1  ${digests['1.2.1']}`);
    expect(r.stdout).toMatch(/team\/gone:1\.0\.0[\s\S]*error: .*not found/);
  });

  test('bad arguments exit 2 before asking any registry', () => {
    const r = quadctl(`${registry.host}/team/web:1.2.0`, '--policy', 'sometimes');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/invalid update policy "sometimes"/);
    expect(quadctl('Not/A:Ref!').status).toBe(2);
  });

  test('a broken registries.conf exits 2 naming the file and key', () => {
    const broken = join(home, 'broken.conf');
    writeFileSync(broken, '[[registry]]\nlocation = "x"\ninsecure = "yes"\n');
    const r = spawnSync(process.execPath, [join(CHECKOUT, 'bin', 'quadctl'), 'check', 'quay.io/a/b:1'], { env: { ...env, CONTAINERS_REGISTRIES_CONF: broken }, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${broken}: registry[0].insecure: must be true or false`);
  });
});
