import { loadAnnounce, loadConfig, type NotifySettings } from '../../../src/config';
import { prepareTarget, redactUrl, type HttpDelivery, type MailDelivery } from '../../../src/notify/deliveries';
import { buildPayload, type Payload } from '../../../src/notify/payload';
import { compileTemplate } from '../../../src/notify/render';
import { runUpdate, type RunOptions } from '../../../src/update';
import { dig, FakeWorld, hex } from '../update/support/fake-world';

const REPO = 'localhost:5000/demo/web';

/** web updates healthily to 1.3.0, api's new digest exits and is rolled back. */
async function twoUnitRun(): Promise<Payload> {
  const w = new FakeWorld();
  const a = { id: hex('a'), digest: dig('a'), behaviour: 'healthy' as const };
  w.addImage(a, `${REPO}:1.2.0`);
  w.publish(a, `${REPO}:1.2.0`);
  w.publish({ id: hex('b'), digest: dig('b'), behaviour: 'healthy' }, `${REPO}:1.3.0`);
  w.addUnit({ name: 'web.service', container: 'web', image: `${REPO}:1.2.0`, labels: { 'io.quadctl.policy': 'minor' } });
  const c = { id: hex('c'), digest: dig('c'), behaviour: 'healthy' as const };
  w.addImage(c, 'localhost:5000/demo/api:latest');
  w.publish({ id: hex('d'), digest: dig('d'), behaviour: 'exits' }, 'localhost:5000/demo/api:latest');
  w.addUnit({ name: 'api.service', container: 'api', image: 'localhost:5000/demo/api:latest', labels: { 'io.quadctl.policy': 'digest' } });
  w.checks = (req) => (req.reference.includes('/web') ? { reference: req.reference, policy: req.policy, candidateTag: '1.3.0', candidateDigest: dig('b') } : { reference: req.reference, policy: req.policy, currentDigest: dig('d') });
  const opts: RunOptions = { mode: 'apply', trigger: 'timer', concurrency: 1 };
  const report = await runUpdate(w.ports(), opts);
  return buildPayload(report, { host: 'web1', startedAt: Date.UTC(2026, 0, 31, 4), finishedAt: Date.UTC(2026, 0, 31, 4, 0, 42), trigger: 'timer' });
}

function target(over: Partial<NotifySettings>): NotifySettings {
  return { name: 't', url: 'https://hooks.example/x', events: ['updated', 'rolled-back', 'failed', 'held'], perUnit: false, format: 'json', line: 1, ...over };
}

describe('the payload', () => {
  test('carries schemaVersion, the run and per unit event, from/to (image, digest, version) and reason', async () => {
    const p = await twoUnitRun();
    expect(p.schemaVersion).toBe(1);
    expect(p.run).toEqual({ host: 'web1', trigger: 'timer', mode: 'apply', verdict: 'rolled-back', startedAt: '2026-01-31T04:00:00.000Z', finishedAt: '2026-01-31T04:00:42.000Z', durationSeconds: 42 });
    const byUnit = Object.fromEntries(p.units.map((u) => [u.unit, u]));
    expect(byUnit['web.service']).toMatchObject({ event: 'updated', from: { image: `${REPO}:1.2.0`, digest: dig('a'), version: '1.2.0' }, to: { image: `${REPO}:1.3.0`, digest: dig('b'), version: '1.3.0' } });
    expect(byUnit['api.service']).toMatchObject({ event: 'rolled-back', from: { version: null, digest: dig('c') }, to: { digest: dig('d') }, reason: expect.stringMatching(/the unit stopped/) });
  });

  test('a target gets only its events; one digest per run, or one message per unit', async () => {
    const p = await twoUnitRun();
    expect(prepareTarget(target({ events: ['rolled-back'] }))(p)).toHaveLength(1);
    expect(prepareTarget(target({ events: ['pending'] }))(p)).toHaveLength(0);
    expect(prepareTarget(target({ perUnit: true }))(p)).toHaveLength(2);
    const [digest] = prepareTarget(target({}))(p) as HttpDelivery[];
    expect(JSON.parse(digest.body).units.map((u: { unit: string }) => u.unit).sort()).toEqual(['api.service', 'web.service']);
  });
});

describe('deliveries per URL scheme', () => {
  test('ntfy publishes JSON to the server root with topic, title, tags and priority', async () => {
    const [d] = prepareTarget(target({ url: 'ntfy://ntfy.example/ops?scheme=http' }))(await twoUnitRun()) as HttpDelivery[];
    expect(d.url).toBe('http://ntfy.example/');
    expect(JSON.parse(d.body)).toMatchObject({ topic: 'ops', title: 'quadctl on web1: 1 updated, 1 rolled back', priority: 4, tags: ['warning', 'white_check_mark'] });
  });

  test('gotify sends the token in X-Gotify-Key, not in the URL', async () => {
    const [d] = prepareTarget(target({ url: 'gotify://push.example/sub/AbC123' }))(await twoUnitRun()) as HttpDelivery[];
    expect(d.url).toBe('https://push.example/sub/message');
    expect(d.headers['x-gotify-key']).toBe('AbC123');
    expect(redactUrl('gotify://push.example/sub/AbC123')).toBe('gotify://push.example/sub/***');
  });

  test('smtp: STARTTLS by default, TLS on 465, recipients from to=', async () => {
    const p = await twoUnitRun();
    const [m] = prepareTarget(target({ url: 'smtp://alerts@mail.example:587/?from=q@example.org&to=a@example.org,b@example.org' }))(p) as MailDelivery[];
    expect(m).toMatchObject({ kind: 'smtp', host: 'mail.example', port: 587, security: 'starttls', user: 'alerts', from: 'q@example.org', to: ['a@example.org', 'b@example.org'], subject: 'quadctl on web1: 1 updated, 1 rolled back' });
    expect((prepareTarget(target({ url: 'smtp://mail.example:465/?to=a@example.org' }))(p)[0] as MailDelivery).security).toBe('tls');
  });

  test('exec gets the payload as JSON on stdin', async () => {
    const [d] = prepareTarget(target({ url: 'exec:/usr/local/bin/tell' }))(await twoUnitRun());
    expect(d).toMatchObject({ kind: 'exec', program: '/usr/local/bin/tell' });
    expect(JSON.parse((d as { stdin: string }).stdin).schemaVersion).toBe(1);
  });
});

describe('message text', () => {
  const hostile: Payload = {
    schemaVersion: 1,
    run: { host: 'h', trigger: 'manual', mode: 'apply', verdict: 'failed', startedAt: '', finishedAt: '', durationSeconds: 1 },
    units: [{ event: 'failed', unit: 'x.service', container: 'x', from: { image: 'r/x:1', digest: '', version: '1' }, to: null, reason: '<!channel> <b>@everyone</b> [click](http://evil) *bold*', historyId: null }],
  };

  test.each([
    ['slack', '&lt;!channel&gt; &lt;b&gt;@everyone&lt;/b&gt; [click](http://evil) *bold*'],
    ['discord', '<\u200b!channel> <\u200bb>@\u200beveryone<\u200b/b> \\[click\\](http://evil) \\*bold\\*'],
    ['html', '&lt;!channel&gt; &lt;b&gt;@everyone&lt;/b&gt; [click](http://evil) *bold*'],
  ] as const)('values are escaped for %s, also in a user template', (format, escaped) => {
    expect(compileTemplate(format)(hostile)).toContain(escaped);
    expect(compileTemplate(format, '{{#each units}}{{reason}}{{/each}}')(hostile)).toBe(escaped);
  });

  test('a broken user template is an error at load, not at send', () => {
    expect(() => compileTemplate('plain', '{{#each units}}')).toThrow(/Parse error|Expecting/);
  });
});

describe('[notify.*] and [metrics] sections', () => {
  const env = {};
  test('parsed with defaults; usable in a file with no unit', () => {
    const { announce, issues } = loadAnnounce('[notify.ops]\nurl = ntfy://ntfy.example/ops\n[metrics]\ntextfile = /var/lib/node_exporter/quadctl.prom\n', { file: 'notify.ini', env });
    expect(issues).toEqual([]);
    expect(announce.notify[0]).toMatchObject({ name: 'ops', events: ['updated', 'rolled-back', 'failed', 'held'], perUnit: false, format: 'json' });
    expect(announce.metrics.textfile).toBe('/var/lib/node_exporter/quadctl.prom');
  });

  test.each([
    ['url = smtp://u:hunter2@mail.example/?to=a@b', /must not carry a password/],
    ['url = ftp://x/', /scheme ftp: is not supported/],
    ['url = smtp://mail.example/?from=a@b', /needs \?to=ADDRESS/],
    ['url = ntfy://ntfy.example/', /needs a topic/],
    ['url = exec:tell-me', /absolute program path/],
    ['url = https://x/\nevents = updated rollback', /unknown event "rollback": events are updated rolled-back failed pending held/],
    ['url = https://x/\nsecret-file = key.txt', /must be an absolute path/],
    ['url = https://x/\nformat = teams', /must be one of json, slack, discord, matrix/],
    ['url = https://x/\nurls = https://y/', /unknown key/],
    ['events = updated', /needs url/],
  ])('%s is refused with file, line and key', (body, message) => {
    const { issues } = loadAnnounce(`[notify.x]\n${body}\n`, { file: 'q.ini', env });
    expect(issues[0]).toMatchObject({ file: 'q.ini', section: 'notify.x' });
    expect(issues.map((i) => i.message).join('\n')).toMatch(message);
    expect(issues.map((i) => i.message).join('\n')).not.toContain('hunter2');
  });

  test('the main config accepts them beside units and reports their problems too', () => {
    const ok = loadConfig('[container.web]\nImage = r/web:1\n[notify.ops]\nurl = https://x/\n', { file: 'q.ini', env });
    expect(ok.config?.announce.notify.map((n) => n.name)).toEqual(['ops']);
    const bad = loadConfig('[container.web]\nImage = r/web:1\n[metrics]\ntextfile = /tmp/q.txt\n', { file: 'q.ini', env });
    expect(bad.issues[0]).toMatchObject({ line: 4, key: 'textfile', message: expect.stringMatching(/must end in .prom/) });
  });
});
