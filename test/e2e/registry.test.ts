/**
 * Acceptance against the real registry (Debian's docker-registry, distribution
 * 2.8) on the host loopback: anonymous access, digests of single- and
 * multi-arch tags, a push that moves a tag, semver picks, and pagination.
 */
import { checkImages } from '../../src/registry';
import type { RegistryClient } from '../../src/adapters/registry';
import { type LocalRegistry, startRegistry } from '../unit/registry/support/local-registry';
import { pushImage, pushMultiArch, tagManifest } from '../unit/registry/support/push';
import { describeWithRegistry, testClient } from '../unit/registry/support/fixtures';

const SERIES = ['1.2.0', '1.2.1', '1.3.0', '1.10.0', '2.0.0-rc.1', '2.0.0', '1.2.1-alpine'];

describeWithRegistry('registry client against a real registry (anonymous)', () => {
  let registry: LocalRegistry;
  let client: RegistryClient;
  const digests: Record<string, string> = {};

  beforeAll(async () => {
    registry = await startRegistry();
    for (const tag of SERIES) digests[tag] = (await pushImage(registry, 'demo/web', tag, { marker: tag })).digest;
    client = await testClient({ hosts: [registry.host] });
  }, 60_000);
  afterAll(async () => {
    await client?.close();
    await registry?.stop();
  });

  const check = (reference: string, policy: string, prerelease = false) =>
    checkImages([{ reference, policy, prerelease }], { registry: client.api, registriesConf: client.registriesConf }).then((r) => r[0]);

  test('reports the digest a tag points at', async () => {
    const result = await check(`${registry.host}/demo/web:1.2.0`, 'digest');
    expect(result).toMatchObject({ currentDigest: digests['1.2.0'] });
    expect(result.error).toBeUndefined();
    expect(result.candidateTag).toBeUndefined();
  });

  test('a push to the same tag gives a new digest', async () => {
    // Each run is a fresh client: within one run an answer is reused by design.
    const runOnce = async () => {
      const fresh = await testClient({ hosts: [registry.host] });
      try {
        return (await checkImages([{ reference: `${registry.host}/demo/moving:1.0` }], { registry: fresh.api }))[0];
      } finally {
        await fresh.close();
      }
    };
    const before = await pushImage(registry, 'demo/moving', '1.0', { marker: 'first' });
    const first = await runOnce();
    const after = await pushImage(registry, 'demo/moving', '1.0', { marker: 'second' });
    const second = await runOnce();
    expect(first.currentDigest).toBe(before.digest);
    expect(second.currentDigest).toBe(after.digest);
    expect(after.digest).not.toBe(before.digest);
  });

  test('a multi-arch tag reports the index digest, not a platform manifest digest', async () => {
    const pushed = await pushMultiArch(registry, 'demo/multi', '3.1.0');
    const result = await check(`${registry.host}/demo/multi:3.1.0`, 'digest');
    expect(result.currentDigest).toBe(pushed.index);
    expect(Object.values(pushed.platforms)).not.toContain(result.currentDigest);
  });

  test.each([
    ['patch', false, '1.2.1'],
    ['minor', false, '1.10.0'],
    ['major', false, '2.0.0'],
    ['major', true, '2.0.0'],
    ['~1.3', false, '1.3.0'],
    ['<2.0.0', false, '1.10.0'],
  ])('from 1.2.0 under policy %s (prerelease %s) the candidate is %s', async (policy, prerelease, expected) => {
    const result = await check(`${registry.host}/demo/web:1.2.0`, policy, prerelease);
    expect(result.error).toBeUndefined();
    expect(result.currentDigest).toBe(digests['1.2.0']);
    expect(result.candidateTag).toBe(expected);
    expect(result.candidateDigest).toBe(digests[expected]);
  });

  test('an -alpine tag only moves within its family', async () => {
    const result = await check(`${registry.host}/demo/web:1.2.1-alpine`, 'major');
    expect(result.candidateTag).toBeUndefined();
    expect(result.currentDigest).toBe(digests['1.2.1-alpine']);
  });

  test('a pre-release is picked only when asked and nothing newer exists', async () => {
    const { body } = await pushImage(registry, 'demo/pre', '1.0.0', { marker: 'pre' });
    await tagManifest(registry, 'demo/pre', ['2.0.0-rc.1'], body);
    expect((await check(`${registry.host}/demo/pre:1.0.0`, 'major')).candidateTag).toBeUndefined();
    expect((await check(`${registry.host}/demo/pre:1.0.0`, 'major', true)).candidateTag).toBe('2.0.0-rc.1');
  });

  test('a missing tag is an error for that image only', async () => {
    const results = await checkImages(
      [{ reference: `${registry.host}/demo/web:9.9.9` }, { reference: `${registry.host}/demo/web:1.2.0` }],
      { registry: client.api },
    );
    expect(results[0].error).toMatch(/not found/);
    expect(results[0].currentDigest).toBeUndefined();
    expect(results[1].currentDigest).toBe(digests['1.2.0']);
  });

  test('follows tag-list pagination past 100 tags', async () => {
    const { body } = await pushImage(registry, 'demo/many', '1.0.0', { marker: 'many' });
    const tags = Array.from({ length: 149 }, (_, i) => `1.0.${i + 1}`);
    await tagManifest(registry, 'demo/many', tags, body);
    const paged = await testClient({ hosts: [registry.host], tagPageSize: 100 });
    const all = await paged.api.listTags({ registry: registry.host, repository: 'demo/many', tag: '1.0.0' });
    const result = await checkImages([{ reference: `${registry.host}/demo/many:1.0.0`, policy: 'patch' }], { registry: paged.api });
    await paged.close();
    expect(all).toHaveLength(150);
    expect(result[0].candidateTag).toBe('1.0.149');
  });
});
