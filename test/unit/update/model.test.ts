import {
  buildPlan,
  checkKey,
  checkRequests,
  discoverTargets,
  findEntry,
  orderChains,
  parseDuration,
  parseHistory,
  parseProbe,
  planManualRollback,
  planRecovery,
  queryHistory,
  targetFromHistory,
  type ContainerFacts,
  type ImageFacts,
} from '../../../src/update';
import { legacyDropInImages, quadletImageDropIn, replaceImageWord, rewriteGeneratedImage } from '../../../src/update/image-switch';
import { dig, hex } from './support/fake-world';

const REPO = 'localhost:5000/demo/web';

function container(labels: Record<string, string>, image = `${REPO}:1.2.0`, extra: Partial<ContainerFacts> = {}): ContainerFacts {
  return { id: 'c1', name: 'web', imageName: image, imageId: hex('a'), labels: { PODMAN_SYSTEMD_UNIT: 'web.service', ...labels }, state: 'running', pod: '', hasHealthcheck: false, ...extra };
}
const images = new Map<string, ImageFacts>([[hex('a'), { id: hex('a'), digest: dig('a'), repoTags: [`${REPO}:1.2.0`], repoDigests: [`${REPO}@${dig('a')}`, `other/repo@${dig('f')}`] }]]);

describe('discovery', () => {
  test('only containers with PODMAN_SYSTEMD_UNIT are considered', () => {
    const targets = discoverTargets([container({}), { ...container({}), labels: { 'io.quadctl.policy': 'digest' } }], images);
    expect(targets).toHaveLength(1);
  });

  test.each([
    [{ 'io.containers.autoupdate': 'registry' }, 'registry', 'digest'],
    [{ 'io.containers.autoupdate': 'image' }, 'registry', 'digest'],
    [{ 'io.containers.autoupdate': 'local' }, 'local', 'local'],
    [{ 'io.containers.autoupdate': 'bogus' }, 'off', 'bogus'],
    [{ 'io.containers.autoupdate': 'disabled' }, 'off', 'none'],
    [{}, 'off', 'none'],
    [{ 'io.quadctl.policy': 'minor', 'io.containers.autoupdate': 'local' }, 'registry', 'minor'],
    [{ 'io.quadctl.policy': 'none', 'io.containers.autoupdate': 'registry' }, 'off', 'none'],
    [{ 'io.quadctl.policy': '~1.4' }, 'registry', '~1.4'],
  ])('labels %j → mode %s, policy %s', (labels, mode, policy) => {
    const [t] = discoverTargets([container(labels)], images);
    expect(t.mode.kind).toBe(mode);
    expect(t.policyText).toBe(policy);
  });

  test("a pod member is restarted through its pod's unit (its infra container's label); the infra container is no target", () => {
    const pod = 'p'.repeat(64);
    const infra: ContainerFacts = { ...container({ PODMAN_SYSTEMD_UNIT: 'app-pod.service' }), id: 'i1', name: 'app-infra', pod, isInfra: true };
    const member = container({ 'io.containers.autoupdate': 'registry', PODMAN_SYSTEMD_UNIT: 'app-web.service' }, `${REPO}:1.2.0`, { pod });
    const targets = discoverTargets([infra, member], images);
    expect(targets.map((t) => [t.unit, t.restartUnit])).toEqual([['app-web.service', 'app-pod.service']]);
  });

  test('a container restarts its own unit when not in a pod, or in a pod systemd does not run', () => {
    const alone = container({ 'io.containers.autoupdate': 'registry' });
    const inBarePod = { ...container({ 'io.containers.autoupdate': 'registry', PODMAN_SYSTEMD_UNIT: 'db.service' }), id: 'c2', name: 'db', pod: 'q'.repeat(64) };
    const bareInfra: ContainerFacts = { ...container({}), id: 'i2', name: 'q-infra', labels: {}, pod: 'q'.repeat(64), isInfra: true };
    const targets = discoverTargets([alone, inBarePod, bareInfra], images);
    expect(targets.map((t) => [t.unit, t.restartUnit])).toEqual([
      ['db.service', 'db.service'],
      ['web.service', 'web.service'],
    ]);
  });

  test('digests known for the image are those of its own repository', () => {
    const [t] = discoverTargets([container({ 'io.quadctl.policy': 'digest' })], images);
    expect(t.knownDigests).toEqual([dig('a')]);
  });

  test('health labels are read; bad ones are problems that skip the unit with the label named', () => {
    const [ok] = discoverTargets([container({ 'io.quadctl.settle': '3s', 'io.quadctl.probe': 'tcp://127.0.0.1:8080' })], images);
    expect(ok.health).toEqual({ settleMs: 3000, probe: { kind: 'tcp', host: '127.0.0.1', port: 8080 } });
    const [bad] = discoverTargets([container({ 'io.quadctl.policy': 'sideways', 'io.quadctl.settle': 'soon', 'io.quadctl.timer': 'maybe' })], images);
    expect(bad.problems.join('\n')).toMatch(/io\.quadctl\.policy: invalid update policy "sideways"/);
    expect(bad.problems.join('\n')).toMatch(/io\.quadctl\.settle="soon"/);
    expect(bad.problems.join('\n')).toMatch(/io\.quadctl\.timer="maybe"/);
    const [row] = buildPlan({ targets: [bad], checks: new Map(), local: new Map(), trigger: 'manual' });
    expect(row.action).toBe('skip');
  });
});

describe('plan', () => {
  const plan = (image: string, labels: Record<string, string>, check: object) => {
    const targets = discoverTargets([container(labels, image)], images);
    return buildPlan({ targets, checks: new Map([[checkKey(image, targets[0].policyText), { reference: image, policy: targets[0].policyText, ...check }]]), local: new Map(), trigger: 'manual' })[0];
  };

  test('a tag@digest reference (as Renovate writes) is reported as pinned, not an error', () => {
    const row = plan(`${REPO}:1.2.0@${dig('a')}`, { 'io.quadctl.policy': 'digest' }, { currentDigest: dig('b') });
    expect(row).toMatchObject({ action: 'skip', reason: expect.stringMatching(/pinned/) });
  });

  test('a newer tag becomes the candidate, pulled by digest', () => {
    const row = plan(`${REPO}:1.2.0`, { 'io.quadctl.policy': 'minor' }, { currentDigest: dig('a'), candidateTag: '1.3.0', candidateDigest: dig('c') });
    expect(row).toMatchObject({ action: 'update', currentTag: '1.2.0', candidate: { image: `${REPO}:1.3.0`, tag: '1.3.0', digest: dig('c'), pull: `${REPO}@${dig('c')}` } });
  });

  test('a registry error skips with the error as the reason', () => {
    expect(plan(`${REPO}:1.2.0`, { 'io.quadctl.policy': 'digest' }, { error: 'HTTP 503 from localhost:5000' })).toMatchObject({ action: 'skip', reason: 'skipped: registry error: HTTP 503 from localhost:5000' });
  });

  test("Podman's local mode restarts when the tag names another local image", () => {
    const targets = discoverTargets([container({ 'io.containers.autoupdate': 'local' })], images);
    const local = new Map([[`${REPO}:1.2.0`, { id: hex('b'), digest: dig('b'), repoTags: [], repoDigests: [] }]]);
    expect(buildPlan({ targets, checks: new Map(), local, trigger: 'manual' })[0]).toMatchObject({ action: 'update', candidate: { pull: '', image: `${REPO}:1.2.0` } });
  });
});

describe('per-container credentials (io.containers.autoupdate.authfile)', () => {
  const AUTH = 'io.containers.autoupdate.authfile';
  const asked = (...labelSets: Record<string, string>[]) =>
    checkRequests(discoverTargets(labelSets.map((labels, i) => container({ 'io.quadctl.policy': 'digest', ...labels }, `${REPO}:1.2.0`, { id: `c${i}`, name: `web${i}` })), images), 'manual');

  test("the registry is asked with the container's auth file, and without one when it has none", () => {
    expect(asked({ [AUTH]: '/etc/quadctl/web.json' })).toEqual([{ reference: `${REPO}:1.2.0`, policy: 'digest', authFile: '/etc/quadctl/web.json' }]);
    expect(asked({})).toEqual([{ reference: `${REPO}:1.2.0`, policy: 'digest' }]);
    expect(asked({ [AUTH]: '' })).toEqual([{ reference: `${REPO}:1.2.0`, policy: 'digest' }]);
  });

  test('one image under two auth files is two questions (the answers may differ); under one, a single question', () => {
    expect(asked({ [AUTH]: '/a.json' }, { [AUTH]: '/b.json' }, {}).map((r) => r.authFile)).toEqual(['/a.json', '/b.json', undefined]);
    expect(asked({ [AUTH]: '/a.json' }, { [AUTH]: '/a.json' })).toHaveLength(1);
  });

  test("each container's row reads the answer given for its own credentials", () => {
    const targets = discoverTargets([container({ 'io.quadctl.policy': 'digest', [AUTH]: '/a.json' }), container({ 'io.quadctl.policy': 'digest' }, `${REPO}:1.2.0`, { id: 'c2', name: 'other' })], images);
    const checks = new Map([
      [checkKey(`${REPO}:1.2.0`, 'digest', '/a.json'), { reference: `${REPO}:1.2.0`, policy: 'digest', currentDigest: dig('b') }],
      [checkKey(`${REPO}:1.2.0`, 'digest'), { reference: `${REPO}:1.2.0`, policy: 'digest', error: 'no credentials for localhost:5000' }],
    ]);
    const rows = buildPlan({ targets, checks, local: new Map(), trigger: 'manual' });
    expect(rows.map((r) => [r.container, r.action])).toEqual([['other', 'skip'], ['web', 'update']]);
  });

  test('a relative path is a problem that skips the unit, naming the label', () => {
    const [t] = discoverTargets([container({ 'io.quadctl.policy': 'digest', [AUTH]: 'auth.json' })], images);
    expect(t.problems).toEqual([`${AUTH}="auth.json" is not an absolute path`]);
    expect(buildPlan({ targets: [t], checks: new Map(), local: new Map(), trigger: 'manual' })[0]).toMatchObject({ action: 'skip' });
  });

  test('a rollback by hand pulls with the auth file of the container it replaces', () => {
    const { entries } = parseHistory([
      JSON.stringify({ v: 1, type: 'begin', txn: 't1aa', at: 1000, unit: 'web.service', container: 'web', kind: 'update', trigger: 'manual', policy: 'digest', from: { image: `${REPO}:1`, digest: dig('a'), imageId: hex('a'), dropIn: null }, to: { image: `${REPO}:1`, digest: dig('b'), imageId: hex('b') }, pull: `${REPO}@${dig('b')}`, authFile: '/a.json', reason: 'new digest' }),
      JSON.stringify({ v: 1, type: 'end', txn: 't1aa', at: 1100, result: 'updated', reason: 'ok' }),
    ].join('\n'));
    const [current] = discoverTargets([{ ...container({ 'io.quadctl.policy': 'digest', [AUTH]: '/a.json' }, `${REPO}:1`), imageId: hex('b') }], images);
    expect(planManualRollback(entries, 'web', undefined, current, null, 'manual')).toMatchObject({ ok: true, value: { begin: { pull: `${REPO}@${dig('a')}`, authFile: '/a.json' } } });
    // Down, the unit's recorded auth file stands in for its label.
    expect(targetFromHistory(entries, 'web')).toMatchObject({ authFile: '/a.json' });
  });
});

describe('history', () => {
  const begin = (txn: string, at: number, unit = 'web.service') =>
    JSON.stringify({ v: 1, type: 'begin', txn, at, unit, container: 'web', kind: 'update', trigger: 'manual', policy: 'digest', from: { image: `${REPO}:1`, digest: dig('a'), imageId: hex('a'), dropIn: null }, to: { image: `${REPO}:1`, digest: dig('b'), imageId: '' }, pull: `${REPO}@${dig('b')}`, reason: 'new digest' });
  const endRec = (txn: string, at: number, result = 'updated') => JSON.stringify({ v: 1, type: 'end', txn, at, result, reason: 'ok' });

  test('a torn last line (crash mid-write) is reported and the rest is read', () => {
    const text = [begin('t1', 1000), JSON.stringify({ v: 1, type: 'step', txn: 't1', at: 1500, step: 'pulled', imageId: hex('b') }), endRec('t1', 3000), begin('t2', 4000), '{"v":1,"type":"st'].join('\n');
    const { entries, badLines } = parseHistory(text);
    expect(badLines).toEqual([{ line: 5, text: '{"v":1,"type":"st' }]);
    expect(entries.map((e) => [e.id, e.result, e.durationMs])).toEqual([['t1', 'updated', 2000], ['t2', null, null]]);
    expect(entries[0].to?.imageId).toBe(hex('b'));
    expect(planRecovery(entries).map((p) => [p.entry.id, p.phase])).toEqual([['t2', 'pull']]);
  });

  test('queries by unit (bare name means .service), since and limit', () => {
    const text = [begin('t1', 1000), endRec('t1', 1100), begin('t2', 2000, 'db.service'), endRec('t2', 2100), begin('t3', 3000), endRec('t3', 3100, 'rolled-back')].join('\n');
    const { entries } = parseHistory(text);
    expect(queryHistory(entries, { unit: 'web' }).map((e) => e.id)).toEqual(['t1', 't3']);
    expect(queryHistory(entries, { since: 2000 }).map((e) => e.id)).toEqual(['t2', 't3']);
    expect(queryHistory(entries, { limit: 1 }).map((e) => e.id)).toEqual(['t3']);
    expect(findEntry(entries, 't9')).toEqual({ ok: false, error: expect.stringMatching(/no history entry "t9"/) });
  });

  test('manual rollback without --to undoes the last successful update', () => {
    const { entries } = parseHistory([begin('t1aa', 1000), JSON.stringify({ v: 1, type: 'step', txn: 't1aa', at: 1500, step: 'pulled', imageId: hex('b') }), endRec('t1aa', 1100)].join('\n'));
    const [current] = discoverTargets([{ ...container({ 'io.quadctl.policy': 'digest' }, `${REPO}:1`), imageId: hex('b') }], images);
    const req = planManualRollback(entries, 'web', undefined, current, null, 'manual');
    expect(req).toMatchObject({ ok: true, value: { begin: { kind: 'rollback', to: { image: `${REPO}:1`, digest: dig('a'), imageId: hex('a') }, from: { imageId: hex('b') } } } });
    expect(planManualRollback(entries, 'web', 't1aa', current, null, 'manual')).toEqual({ ok: false, error: expect.stringMatching(/already runs/) });
    // A pod member goes back through its pod's unit, as its update did.
    expect(planManualRollback(entries, 'web', undefined, { ...current, restartUnit: 'app-pod.service' }, null, 'manual')).toMatchObject({ ok: true, value: { restartUnit: 'app-pod.service' } });
  });

  test('rollback goes to the good image before the current one and never toggles back to the one it left', () => {
    const v = (tag: string, c: string) => ({ image: `${REPO}:${tag}`, digest: dig(c), imageId: hex(c) });
    const txn = (id: string, at: number, kind: string, from: object, to: object, result: string) => [
      JSON.stringify({ v: 1, type: 'begin', txn: id, at, unit: 'web.service', container: 'web', kind, trigger: 'manual', policy: 'patch', from: { ...from, dropIn: null }, to, pull: '', reason: 'r' }),
      JSON.stringify({ v: 1, type: 'end', txn: id, at: at + 1, result, reason: 'ok' }),
    ];
    const lines = [...txn('u1', 10, 'update', v('1.0.1', 'a'), v('1.0.3', 'b'), 'updated'), ...txn('u2', 20, 'update', v('1.0.3', 'b'), v('1.0.4', 'c'), 'rolled-back'), ...txn('u3', 30, 'update', v('1.0.3', 'b'), v('1.0.5', 'd'), 'updated')];
    const on = (tag: string, c: string) => discoverTargets([{ ...container({ 'io.quadctl.policy': 'patch' }, `${REPO}:${tag}`), imageId: hex(c) }], new Map([[hex(c), { id: hex(c), digest: dig(c), repoTags: [], repoDigests: [] }]]))[0];
    const first = planManualRollback(parseHistory(lines.join('\n')).entries, 'web', undefined, on('1.0.5', 'd'), null, 'manual');
    expect(first).toMatchObject({ ok: true, value: { begin: { to: v('1.0.3', 'b') } } });
    // The rollback by hand happened: 1.0.5 → 1.0.3. The next one goes further back, not to 1.0.5.
    const after = [...lines, ...txn('r1', 40, 'rollback', v('1.0.5', 'd'), v('1.0.3', 'b'), 'updated')];
    expect(planManualRollback(parseHistory(after.join('\n')).entries, 'web', undefined, on('1.0.3', 'b'), null, 'manual')).toMatchObject({ ok: true, value: { begin: { to: v('1.0.1', 'a') } } });
    const twice = [...after, ...txn('r2', 50, 'rollback', v('1.0.3', 'b'), v('1.0.1', 'a'), 'updated')];
    expect(planManualRollback(parseHistory(twice.join('\n')).entries, 'web', undefined, on('1.0.1', 'a'), null, 'manual')).toEqual({ ok: false, error: expect.stringMatching(/no good image of web before the one it runs/) });
  });

  test('a unit that is down stands on the image it was last recorded on', () => {
    const { entries } = parseHistory([begin('t1aa', 1000), JSON.stringify({ v: 1, type: 'step', txn: 't1aa', at: 1500, step: 'pulled', imageId: hex('b') }), endRec('t1aa', 1100)].join('\n'));
    const down = targetFromHistory(entries, 'web');
    expect(down).toMatchObject({ unit: 'web.service', image: `${REPO}:1`, imageId: hex('b'), digest: dig('b') });
    expect(planManualRollback(entries, 'web', undefined, down!, null, 'manual')).toMatchObject({ ok: true, value: { begin: { from: { imageId: hex('b') }, to: { imageId: hex('a') } } } });
    expect(targetFromHistory(entries, 'db')).toBeNull();
  });
});

describe('ordering', () => {
  test('units of one pod form one chain; dependencies go first; others are separate chains', () => {
    const items = [
      { unit: 'app.service', pod: 'p1' },
      { unit: 'db.service', pod: 'p1' },
      { unit: 'cache.service', pod: '' },
      { unit: 'web.service', pod: '' },
    ];
    const chains = orderChains(items, new Map([['app.service', ['db.service']], ['web.service', ['cache.service']]]));
    expect(chains.map((c) => c.map((i) => i.unit))).toEqual([['db.service', 'app.service'], ['cache.service', 'web.service']]);
    expect(orderChains([{ unit: 'a', pod: '' }, { unit: 'b', pod: '' }], new Map()).length).toBe(2);
  });
});

describe('labels and probes', () => {
  test.each([['10s', 10000], ['500ms', 500], ['1m30s', 90000], ['2', 2000], ['soon', null], ['10 parsecs', null]])('duration %s → %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
  test.each([
    ['http://127.0.0.1:8080/health', { kind: 'http', url: 'http://127.0.0.1:8080/health' }],
    ['tcp://[::1]:53', { kind: 'tcp', host: '::1', port: 53 }],
    ['exec:/bin/true --x', { kind: 'exec', command: ['/bin/true', '--x'] }],
  ])('probe %s', (text, probe) => {
    expect(parseProbe(text)).toEqual({ ok: true, value: probe });
  });
  test.each(['ftp://x', 'tcp://host', 'tcp://h:99999', 'exec:'])('bad probe %s is an error', (text) => {
    expect(parseProbe(text)).toMatchObject({ ok: false, error: expect.stringContaining(text) });
  });
});

describe('image switch', () => {
  const exec = `/usr/bin/podman run --cidfile=%t/%N.cid --rm -d --name web ${REPO}:1.2.0 /bin/httpd -f`;
  test('replaces exactly the image word and keeps specifiers', () => {
    expect(replaceImageWord(exec, `${REPO}:1.2.0`, `${REPO}:1.3.0`)).toBe(exec.replace('1.2.0', '1.3.0'));
    expect(replaceImageWord(`podman run "${REPO}:1.2.0"`, `${REPO}:1.2.0`, `${REPO}:1.3.0`)).toBe(`podman run "${REPO}:1.3.0"`);
  });
  test('refuses a reference that could inject words or lines into a root unit', () => {
    for (const evil of [`${REPO}:1.3.0 --privileged`, `${REPO}:1\nExecStartPre=/bin/sh`, `${REPO}:%h`, `$(x)`]) {
      expect(() => replaceImageWord(exec, `${REPO}:1.2.0`, evil)).toThrow(/refusing image reference/);
      expect(() => quadletImageDropIn('web.service', evil)).toThrow(/refusing image reference/);
    }
  });
  test('refuses when the image word is absent or ambiguous', () => {
    expect(() => replaceImageWord(exec, `${REPO}:9`, `${REPO}:1.3.0`)).toThrow(/nowhere/);
    expect(() => replaceImageWord(`${exec} ${REPO}:1.2.0`, `${REPO}:1.2.0`, `${REPO}:1.3.0`)).toThrow(/2 times/);
  });
  test('a generated .service changes only its image word; a generated .container only its Image= line', () => {
    const service = `# marker\n[Service]\nEnvironment=IMG=${REPO}:1.2.0x\nExecStartPre=/bin/rm -f %t/%N.cid\nExecStart=${exec}\n`;
    expect(rewriteGeneratedImage(service, `${REPO}:1.2.0`, `${REPO}:1.3.0`, 'web.service')).toBe(service.replace(`--name web ${REPO}:1.2.0`, `--name web ${REPO}:1.3.0`));
    const container = `# marker\n[Container]\nImage=${REPO}:1.2.0\nEnvironment=FOO=bar\n`;
    expect(rewriteGeneratedImage(container, `${REPO}:1.2.0`, `${REPO}:1.3.0`, 'web.container')).toBe(container.replace('web:1.2.0', 'web:1.3.0'));
    expect(() => rewriteGeneratedImage(container, `${REPO}:9`, `${REPO}:1.3.0`, 'web.container')).toThrow(/web.container names .* on no Image= or ExecStart= line/);
  });
  test('a Quadlet drop-in sets only Image=, so every other key of the .container keeps applying', () => {
    expect(quadletImageDropIn('web.service', `${REPO}:1.3.0`).split('\n').filter((l) => l && !l.startsWith('#'))).toEqual(['[Container]', `Image=${REPO}:1.3.0`]);
  });
});

test('the ExecStart drop-in of earlier versions names both images, so apply can carry the choice over', () => {
  expect(legacyDropInImages(`# Written by quadctl update: web.service runs ${REPO}:1.3.0 instead of ${REPO}:1.2.0.\n[Service]\nExecStart=\n`)).toEqual({ runs: `${REPO}:1.3.0`, instead: `${REPO}:1.2.0` });
  expect(legacyDropInImages('[Service]\nExecStart=\n')).toBeNull();
});
