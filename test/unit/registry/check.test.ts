import { checkImages, type ImageReference, mergeRegistriesConf, parseRegistriesConf, type RegistryApi } from '../../../src/registry';

const d = (c: string) => `sha256:${c.repeat(64)}`;

/** A fake registry: tags and digests per repository, counting every call and the peak in flight. */
function fakeRegistry(repos: Record<string, Record<string, string>>) {
  const calls: string[] = [];
  let inFlight = 0;
  let peak = 0;
  const track = async <T>(label: string, value: () => T): Promise<T> => {
    calls.push(label);
    inFlight++;
    peak = Math.max(peak, inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    inFlight--;
    return value();
  };
  const repo = (ref: ImageReference) => {
    const found = repos[`${ref.registry}/${ref.repository}`];
    if (!found) throw new Error(`${ref.registry}/${ref.repository}: not found (404)`);
    return found;
  };
  const api: RegistryApi = {
    manifestDigest: (ref) =>
      track(`HEAD ${ref.registry}/${ref.repository}:${ref.tag}`, () => {
        const digest = repo(ref)[ref.tag ?? ''];
        if (!digest) throw new Error(`${ref.tag}: not found (404)`);
        return digest;
      }),
    listTags: (ref) => track(`TAGS ${ref.registry}/${ref.repository}`, () => Object.keys(repo(ref))),
  };
  return { api, calls, peak: () => peak };
}

describe('checkImages', () => {
  const repos = {
    'docker.io/library/nginx': { '1.27.3': d('1'), '1.27.4': d('2'), '1.28.0': d('3'), latest: d('3') },
    'quay.io/org/app': { 'v2.0.0': d('4'), 'v2.0.1': d('5') },
  };

  test('one check per distinct reference, however many containers use it', async () => {
    const fake = fakeRegistry(repos);
    const requests = Array.from({ length: 12 }, (_, i) => ({ reference: i % 2 ? 'docker.io/library/nginx:1.27.3' : 'docker.io/nginx:1.27.3' }));
    const results = await checkImages(requests, { registry: fake.api });
    expect(fake.calls).toEqual(['HEAD docker.io/library/nginx:1.27.3']);
    expect(results).toHaveLength(12);
    expect(results.every((r) => r.currentDigest === d('1'))).toBe(true);
    expect(results[0].reference).toBe('docker.io/nginx:1.27.3');
  });

  test('semver policies share the tag list and digests across policies', async () => {
    const fake = fakeRegistry(repos);
    const results = await checkImages(
      [
        { reference: 'docker.io/library/nginx:1.27.3', policy: 'patch' },
        { reference: 'docker.io/library/nginx:1.27.3', policy: 'minor' },
        { reference: 'docker.io/library/nginx:1.27.3', policy: 'digest' },
      ],
      { registry: fake.api },
    );
    expect(results.map((r) => [r.policy, r.currentDigest, r.candidateTag, r.candidateDigest])).toEqual([
      ['patch', d('1'), '1.27.4', d('2')],
      ['minor', d('1'), '1.28.0', d('3')],
      ['digest', d('1'), undefined, undefined],
    ]);
    expect([...fake.calls].sort()).toEqual(['HEAD docker.io/library/nginx:1.27.3', 'HEAD docker.io/library/nginx:1.27.4', 'HEAD docker.io/library/nginx:1.28.0', 'TAGS docker.io/library/nginx']);
    expect(results[0].candidateReference).toBe('docker.io/library/nginx:1.27.4');
  });

  test('concurrency bounds the requests in flight', async () => {
    const many: Record<string, Record<string, string>> = {};
    for (let i = 0; i < 20; i++) many[`r.example/app${i}`] = { '1.0.0': d('a') };
    const fake = fakeRegistry(many);
    await checkImages(Object.keys(many).map((name) => ({ reference: `${name}:1.0.0` })), { registry: fake.api, concurrency: 3 });
    expect(fake.calls).toHaveLength(20);
    expect(fake.peak()).toBe(3);
  });

  test('failures stay with their image; a malformed digest is an error, never a candidate', async () => {
    const fake = fakeRegistry({ ...repos, 'quay.io/org/bad': { '1.0.0': 'sha256:abc', '1.0.1': d('6') } });
    const results = await checkImages(
      [
        { reference: 'quay.io/org/missing:1' },
        { reference: 'quay.io/org/bad:1.0.0', policy: 'patch' },
        { reference: 'quay.io/org/app:v2.0.0', policy: 'patch' },
        { reference: 'quay.io/org/app:v2.0.0', policy: 'whenever' },
        { reference: 'Bad//Ref' },
      ],
      { registry: fake.api },
    );
    expect(results[0].error).toMatch(/not found/);
    expect(results[1].error).toMatch(/malformed digest/);
    expect(results[1].candidateTag).toBeUndefined();
    expect(results[2]).toMatchObject({ currentDigest: d('4'), candidateTag: 'v2.0.1', candidateDigest: d('5') });
    expect(results[2].error).toBeUndefined();
    expect(results[3].error).toMatch(/invalid update policy/);
    expect(results[4].error).toMatch(/invalid image reference/);
  });

  test('short names resolve through registries.conf; pinned digests need no request', async () => {
    const fake = fakeRegistry(repos);
    const registriesConf = mergeRegistriesConf([parseRegistriesConf('unqualified-search-registries = ["docker.io"]', 'r.conf')]);
    const results = await checkImages([{ reference: 'nginx:1.27.3' }, { reference: `quay.io/org/app@${d('4')}`, policy: 'major' }], { registry: fake.api, registriesConf });
    expect(results[0]).toMatchObject({ resolved: 'docker.io/library/nginx:1.27.3', currentDigest: d('1') });
    expect(results[1]).toMatchObject({ currentDigest: d('4') });
    expect(fake.calls).toEqual(['HEAD docker.io/library/nginx:1.27.3']);
  });

  test('a non-version tag under a semver policy gets its digest checked and a note', async () => {
    const fake = fakeRegistry(repos);
    const [result] = await checkImages([{ reference: 'docker.io/library/nginx:latest', policy: 'minor' }], { registry: fake.api });
    expect(result).toMatchObject({ currentDigest: d('3'), note: expect.stringContaining('not a version') });
    expect(fake.calls).toEqual(['HEAD docker.io/library/nginx:latest']);
  });
});

describe('digests to avoid (known-bad on the unit)', () => {
  test('the newest tag whose digest is not avoided is the candidate; none when all are', async () => {
    const fake = fakeRegistry({ 'docker.io/library/nginx': { '1.27.3': d('1'), '1.27.4': d('2'), '1.27.5': d('3') } });
    const [skipOne, skipAll, plain] = await checkImages(
      [
        { reference: 'nginx:1.27.3', policy: 'patch', avoid: [d('3')] },
        { reference: 'nginx:1.27.3', policy: 'patch', avoid: [d('3'), d('2')] },
        { reference: 'nginx:1.27.3', policy: 'patch' },
      ],
      { registry: fake.api, registriesConf: mergeRegistriesConf([parseRegistriesConf('unqualified-search-registries = ["docker.io"]\nshort-name-mode = "permissive"', 'r.conf')]) },
    );
    expect([skipOne.candidateTag, skipAll.candidateTag, plain.candidateTag]).toEqual(['1.27.4', undefined, '1.27.5']);
    expect(skipAll.currentDigest).toBe(d('1'));
  });
});
