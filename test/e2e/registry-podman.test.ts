/**
 * Which remote digest matches which local one, checked against real Podman and
 * the real registry in the sandbox: for a single-arch tag and for a multi-arch
 * tag (a manifest list), the digest `quadctl check` reports is one Podman
 * records when it pulls that tag — for the list, the list's digest, not the
 * platform manifest Podman actually ran. Podman 4.3.1 reports the list's as
 * `.Digest`; Podman 5 reports the platform manifest's there and both in
 * RepoDigests. Either way a unit on that tag is up to date for `quadctl update`.
 */
import { currentSystem, describeE2E, IMAGES, type Sandbox, useSandbox } from '../harness';
import { containerUnit, installUnit } from './update-support';
import { parseJsonOutput } from '../json-output';

const LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const SCHEMA2 = 'application/vnd.docker.distribution.manifest.v2+json';

/** Runs inside the sandbox: puts a manifest list over two pushed manifests under a tag; prints its digest. */
const pushListScript = (repo: string, tag: string, children: Array<{ digest: string; architecture: string }>) => `
const crypto = require('crypto');
const base = 'http://localhost:5000/v2/${repo}/manifests/';
(async () => {
  const manifests = [];
  for (const c of ${JSON.stringify(children)}) {
    const body = Buffer.from(await (await fetch(base + c.digest, { headers: { accept: '${SCHEMA2}' } })).arrayBuffer());
    manifests.push({ mediaType: '${SCHEMA2}', digest: c.digest, size: body.length, platform: { architecture: c.architecture, os: 'linux' } });
  }
  const list = JSON.stringify({ schemaVersion: 2, mediaType: '${LIST}', manifests });
  const put = await fetch(base + '${tag}', { method: 'PUT', headers: { 'content-type': '${LIST}' }, body: list });
  if (put.status !== 201) throw new Error('PUT list: ' + put.status + ' ' + (await put.text()));
  process.stdout.write('sha256:' + crypto.createHash('sha256').update(list).digest('hex'));
})().catch((e) => { console.error(e); process.exit(1); });
`;

describeE2E('remote digest vs the digest Podman records', () => {
  let sb: Sandbox;
  useSandbox({ registry: true }, (started) => {
    sb = started;
  }, 120_000);

  async function podmanDigest(ref: string): Promise<{ digest: string; repoDigests: string[] }> {
    await sb.check(`podman pull -q ${ref}`);
    const out = await sb.check(`podman image inspect --format '{{.Digest}} {{join .RepoDigests ","}}' ${ref}`);
    const [digest, repoDigests] = out.trim().split(' ');
    return { digest, repoDigests: repoDigests.split(',') };
  }

  async function quadctlDigest(ref: string): Promise<string | undefined> {
    const r = await sb.quadctl(['check', ref, '--json']);
    expect(r.stderr).toBe('');
    return parseJsonOutput<{ images: { currentDigest?: string }[] }>('check', r.stdout).images[0].currentDigest;
  }

  test('single-arch: the image manifest digest, on both sides', async () => {
    const pushed = await sb.pushImage('demo/single', '1.0.0', IMAGES.web('1.0.0'));
    const ref = sb.imageRef('demo/single', '1.0.0');
    const local = await podmanDigest(ref);
    expect(local.digest).toBe(pushed);
    expect(await quadctlDigest(ref)).toBe(local.digest);
  }, 120_000);

  test('multi-arch: the manifest list digest, on both sides; a push makes them differ', async () => {
    const amd64 = await sb.pushImage('demo/multi', 'build-amd64', IMAGES.web('2.0.0'));
    const arm64 = await sb.pushImage('demo/multi', 'build-arm64', { ...IMAGES.web('2.0.0'), marker: 'arm64' });
    const list = (await sb.node(pushListScript('demo/multi', '2.0.0', [{ digest: amd64, architecture: 'amd64' }, { digest: arm64, architecture: 'arm64' }]))).stdout.trim();
    const ref = sb.imageRef('demo/multi', '2.0.0');
    const local = await podmanDigest(ref);
    // Podman ran the amd64 manifest but records the list's digest for the tag.
    expect(local.repoDigests).toContain(`${sb.registry.host}/demo/multi@${list}`);
    expect(local.digest).toBe(currentSystem().podman.startsWith('4.') ? list : amd64);
    expect(await quadctlDigest(ref)).toBe(list);
    // So a unit running that tag needs no update, whichever digest is .Digest.
    await installUnit(sb, 'multi.service', containerUnit(ref, { 'io.quadctl.policy': 'digest' }));
    const plan = JSON.parse((await sb.quadctl(['update', '--dry-run', '--json', '--unit', 'multi'])).stdout) as { plan: { action: string; reason: string }[] };
    expect(plan.plan).toEqual([expect.objectContaining({ action: 'none', reason: 'up to date' })]);

    const amd64b = await sb.pushImage('demo/multi', 'build-amd64b', { ...IMAGES.web('2.0.0'), marker: 'rebuilt' });
    const moved = (await sb.node(pushListScript('demo/multi', '2.0.0', [{ digest: amd64b, architecture: 'amd64' }, { digest: arm64, architecture: 'arm64' }]))).stdout.trim();
    const remote = await quadctlDigest(ref);
    expect(remote).toBe(moved);
    expect(remote).not.toBe(list);
    const after = JSON.parse((await sb.quadctl(['update', '--dry-run', '--json', '--unit', 'multi'])).stdout) as { plan: { action: string; candidate: { digest: string } }[] };
    expect(after.plan).toEqual([expect.objectContaining({ action: 'update', candidate: expect.objectContaining({ digest: moved }) })]);
  }, 120_000);
});
