// Notifications, metrics and hooks with real components: quadctl inside the
// sandbox updates a real unit (systemd, Podman, the registry) and tells a mail
// server (Debian's python3-aiosmtpd: STARTTLS and AUTH required) and an HTTP
// receiver standing in for the webhook, ntfy, Gotify, Slack, Discord and
// Matrix endpoints. Both servers are the machine's programs run in the
// sandbox's network namespace (nsenter -n), so the same test runs on every
// system. promtool (Debian's prometheus package) checks the metrics file and
// the shipped alert rules.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeE2E, IMAGES, startSandbox, type Sandbox, expectExit } from '../harness';
import { containerUnit, history, installUnit, q, running } from './update-support';
import { parseJsonOutput } from '../json-output';

const SETTLE = { 'io.quadctl.settle': '3s', 'io.quadctl.health-timeout': '20s' };
const SMTP_PASSWORD = 'pw-for-the-e2e-mail';
const HMAC_KEY = 'webhook-key-for-e2e';
const PROM = '/var/lib/node_exporter/textfile/quadctl.prom';
const NEEDS = ['/usr/bin/promtool', '/usr/lib/python3/dist-packages/aiosmtpd', '/usr/bin/openssl'];

interface HttpHit {
  path: string;
  headers: Record<string, string>;
  body: string;
}
interface Mail {
  from: string;
  to: string[];
  subject: string;
  body: string;
  tls: boolean;
  authenticated: boolean;
}

const NOTIFY_INI = `[notify.hook]
url = http://127.0.0.1:8088/hook
secret-file = /etc/quadctl/webhook.key

[notify.ntfy]
url = ntfy://127.0.0.1:8088/updates?scheme=http

[notify.gotify]
url = gotify://127.0.0.1:8088/Tok3nForE2e?scheme=http

[notify.slack]
url = http://127.0.0.1:8088/slack
format = slack

[notify.discord]
url = http://127.0.0.1:8088/discord
format = discord

[notify.matrix]
url = http://127.0.0.1:8088/matrix
format = matrix
events = rolled-back failed

[notify.mail]
url = smtp://alerts@127.0.0.1:2525/?from=quadctl@example.org&to=ops@example.org
password-file = /etc/quadctl/smtp.pass
ca-file = /etc/quadctl/smtp-ca.pem

[notify.exec]
url = exec:/etc/quadctl/tell.sh
per-unit = true

[metrics]
textfile = ${PROM}
`;

// The mail server and promtool are this suite's own prerequisites: missing, it is
// skipped with one line, unless real-system tests are required (CI), where it fails.
const missing = NEEDS.filter((p) => !existsSync(p));
const suite = missing.length && process.env.QUADCTL_E2E !== 'required' ? describe.skip : describeE2E;
if (missing.length) process.stderr.write(`notify e2e: needs ${missing.join(', ')} (apt-get install prometheus python3-aiosmtpd openssl)\n`);

suite('notifications, metrics and hooks', () => {
  let sb: Sandbox;
  let dir: string;
  const servers: ChildProcess[] = [];
  let host = '';

  const hits = (): HttpHit[] => (existsSync(join(dir, 'http.jsonl')) ? readFileSync(join(dir, 'http.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as HttpHit) : []);
  const mails = (): Mail[] => (existsSync(join(dir, 'mail.jsonl')) ? readFileSync(join(dir, 'mail.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Mail) : []);
  const clear = (): void => {
    // QUADCTL_E2E_NOTIFY_SAMPLES=DIR keeps what the targets received (for docs and reviews).
    const keep = process.env.QUADCTL_E2E_NOTIFY_SAMPLES;
    if (keep) for (const f of ['http.jsonl', 'mail.jsonl']) if (existsSync(join(dir, f))) writeFileSync(join(keep, f), readFileSync(join(dir, f), 'utf8'), { flag: 'a' });
    writeFileSync(join(dir, 'http.jsonl'), '');
    writeFileSync(join(dir, 'mail.jsonl'), '');
    void sb.exec('rm -f /var/lib/e2e/exec.jsonl');
  };
  const at = (path: string): HttpHit[] => hits().filter((h) => h.path === path);

  /** A machine program in the sandbox's network namespace; resolves once it prints "ready". */
  function serve(args: string[]): Promise<void> {
    const child = spawn('nsenter', ['-t', String(sb.pid), '-n', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    servers.push(child);
    return new Promise((resolve, reject) => {
      let err = '';
      child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
      child.stdout?.on('data', (b: Buffer) => b.toString().includes('ready') && resolve());
      child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${err}`)));
    });
  }

  beforeAll(async () => {
    if (missing.length) throw new Error(`this suite needs ${missing.join(', ')} on the machine (apt-get install prometheus python3-aiosmtpd openssl)`);
    sb = await startSandbox({ registry: true });
    dir = mkdtempSync(join(tmpdir(), 'quadctl-notify-e2e-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    await serve(['/usr/bin/python3', join(__dirname, 'notify', 'smtp-server.py'), '2525', join(dir, 'cert.pem'), join(dir, 'key.pem'), 'alerts', SMTP_PASSWORD, join(dir, 'mail.jsonl')]);
    await serve([process.execPath, join(__dirname, 'notify', 'http-receiver.mjs'), '8088', join(dir, 'http.jsonl')]);
    await sb.writeFile('/etc/quadctl/smtp-ca.pem', readFileSync(join(dir, 'cert.pem'), 'utf8'));
    await sb.writeFile('/etc/quadctl/smtp.pass', `${SMTP_PASSWORD}\n`, 0o600);
    await sb.writeFile('/etc/quadctl/webhook.key', `${HMAC_KEY}\n`, 0o600);
    await sb.writeFile('/etc/quadctl/tell.sh', '#!/bin/sh\nmkdir -p /var/lib/e2e && cat >> /var/lib/e2e/exec.jsonl\n', 0o755);
    await sb.writeFile('/etc/quadctl/notify.ini', NOTIFY_INI);
    // The main config names a target that is down: it must change nothing about a run.
    await sb.writeFile('/etc/quadctl/quadctl.ini', '[notify.dead]\nurl = http://127.0.0.1:9/nobody-listens\n');
    host = (await sb.check('hostname')).trim();
  }, 180_000);

  afterAll(async () => {
    for (const s of servers) s.kill('SIGKILL');
    await sb?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('quadctl notify test reaches every target and names the one that is down', async () => {
    clear();
    const r = await sb.quadctl(['notify', 'test', '--json']);
    expectExit(r, 1);
    const { results } = parseJsonOutput<{ results: { target: string; ok: boolean; detail: string }[] }>('notify-test', r.stdout);
    expect(Object.fromEntries(results.map((x) => [x.target, x.ok]))).toEqual({ dead: false, hook: true, ntfy: true, gotify: true, slack: true, discord: true, matrix: true, mail: true, exec: true });
    expect(mails()).toEqual([expect.objectContaining({ subject: `quadctl on ${host}: example.service updated`, tls: true, authenticated: true })]);
    expect(r.stdout + r.stderr).not.toContain(SMTP_PASSWORD);
    expect(r.stdout).not.toContain('Tok3nForE2e');
    expect((await sb.quadctl(['notify', 'test', 'nosuch'])).stderr).toMatch(/no \[notify.nosuch\] in .*; there are dead, hook, ntfy/);
  }, 120_000);

  test('an update and a rollback: the documented messages at every target, a dead target changes nothing, metrics pass promtool', async () => {
    const ref = sb.imageRef('e2e/web', '1.0.0');
    const first = await sb.pushImage('e2e/web', '1.0.0', IMAGES.web('one'));
    await sb.check(`podman pull -q ${q(ref)}`);
    await installUnit(sb, 'web.service', containerUnit(ref, { 'io.quadctl.policy': 'digest', ...SETTLE }));
    const second = await sb.pushImage('e2e/web', '1.0.0', IMAGES.web('two'));
    const s12 = (d: string): string => d.replace('sha256:', '').slice(0, 12);

    // The update.
    clear();
    const up = await sb.quadctl(['update', '--unit', 'web', '--timer']);
    expectExit(up, 0);
    expect(up.stderr).toMatch(/notify dead \(http:\/\/127.0.0.1:9\/nobody-listens\): NOT delivered after \d+ attempts/);
    expect((await running(sb, 'web.service')).digest).toBe(second);
    const [updated] = await history(sb, 'web');

    const [hook] = at('/hook');
    expect(hook.headers['x-quadctl-signature']).toBe(`sha256=${createHmac('sha256', HMAC_KEY).update(hook.body).digest('hex')}`);
    const payload = JSON.parse(hook.body);
    const d = payload.run.durationSeconds as number;
    expect(payload).toEqual({
      schemaVersion: 1,
      run: { host, trigger: 'timer', mode: 'apply', verdict: 'ok', startedAt: expect.any(String), finishedAt: expect.any(String), durationSeconds: d },
      units: [{ event: 'updated', unit: 'web.service', container: 'web', from: { image: ref, digest: first, version: '1.0.0' }, to: { image: ref, digest: second, version: '1.0.0' }, reason: updated.reason, historyId: updated.id }],
    });
    const text = `web.service: updated 1.0.0 (${s12(first)}) -> 1.0.0 (${s12(second)})\n  ${updated.reason}\n${host}, timer run, ${d}s`;
    expect(JSON.parse(at('/')[0].body)).toEqual({ topic: 'updates', title: `quadctl on ${host}: web.service updated`, message: text, tags: ['white_check_mark'], priority: 3 });
    expect(at('/message')[0].headers['x-gotify-key']).toBe('Tok3nForE2e');
    expect(JSON.parse(at('/message')[0].body)).toEqual({ title: `quadctl on ${host}: web.service updated`, message: text, priority: 3 });
    expect(JSON.parse(at('/slack')[0].body)).toEqual({ text: `*web.service*: updated \`1.0.0 (${s12(first)})\` → \`1.0.0 (${s12(second)})\`\n> ${updated.reason}\n_${host}, timer run, ${d}s_` });
    expect(JSON.parse(at('/discord')[0].body).content).toMatch(/^\*\*web.service\*\*: updated 1.0.0 \(/);
    expect(at('/matrix')).toEqual([]); // events = rolled-back failed
    expect(mails()).toEqual([{ from: 'quadctl@example.org', to: ['ops@example.org'], subject: `quadctl on ${host}: web.service updated`, body: `${text.replace(/\n/g, '\r\n')}\r\n`, tls: true, authenticated: true }]);
    const exec = (await sb.check('cat /var/lib/e2e/exec.jsonl')).trim().split('\n').map((l) => JSON.parse(l));
    expect(exec).toEqual([payload]);
    const notifyEntries = parseJsonOutput<{ entries: { kind: string }[] }>('history', (await sb.quadctl(['history', '--json'])).stdout).entries.filter((e) => e.kind === 'notify');
    expect(notifyEntries).toEqual([expect.objectContaining({ unit: 'notify.dead', result: 'failed', reason: expect.stringMatching(/^notification not delivered after \d+ attempt\(s\): http:\/\/127.0.0.1:9\/nobody-listens: POST: connection failed \(ECONNREFUSED/) })]);

    // The rollback (and no dead target this time: it would only add its 10 s).
    await sb.writeFile('/etc/quadctl/quadctl.ini', '; no targets here\n');
    await sb.pushImage('e2e/web', '1.0.0', IMAGES.exitsAtOnce);
    clear();
    const down = await sb.quadctl(['update', '--unit', 'web']);
    expectExit(down, 3);
    const [rolled] = (await history(sb, 'web')).slice(-1);
    expect(rolled.result).toBe('rolled-back');
    const rb = JSON.parse(at('/hook')[0].body);
    expect(rb.run).toMatchObject({ verdict: 'rolled-back', trigger: 'manual' });
    expect(rb.units).toEqual([expect.objectContaining({ event: 'rolled-back', from: expect.objectContaining({ digest: second }), reason: rolled.reason, historyId: rolled.id })]);
    expect(JSON.parse(at('/')[0].body)).toMatchObject({ title: `quadctl on ${host}: web.service rolled back`, tags: ['warning'], priority: 4 });
    const matrix = JSON.parse(at('/matrix')[0].body);
    expect(matrix.text).toBe(`quadctl on ${host}: web.service rolled back`);
    expect(matrix.html).toMatch(/^<b>web.service<\/b>: rolled back <code>1.0.0 \(/);
    expect(matrix.html).not.toMatch(/<(?!\/?(b|code|br|i)>)/); // every other < in a value is escaped
    expect(mails().map((m) => m.subject)).toEqual([`quadctl on ${host}: web.service rolled back`]);

    // Metrics: the file, what `quadctl metrics` prints, and promtool's verdict.
    const prom = await sb.readFile(PROM);
    expect((await sb.quadctl(['metrics'])).stdout).toBe(prom);
    expect(prom).toContain('quadctl_last_run_result{result="rolled-back"} 1');
    expect(prom).toContain('quadctl_unit_updates_total{unit="web.service"} 1');
    expect(prom).toContain('quadctl_unit_rollbacks_total{unit="web.service"} 1');
    expect(prom).toContain('quadctl_unit_held{unit="web.service",container="web"} 1');
    expect(prom).toContain(`quadctl_unit_info{unit="web.service",container="web",image="${ref}",digest="${second}",version="1.0.0"} 1`);
    writeFileSync(join(dir, 'quadctl.prom'), prom);
    expect(execFileSync('promtool', ['check', 'metrics'], { input: prom, encoding: 'utf8' })).toBe('');
  }, 300_000);

  test('hooks: a failing pre-hook skips the update, a failing post-hook rolls back, the rollback-hook is told', async () => {
    await sb.writeFile('/etc/quadctl/hooks/pre', '#!/bin/sh\necho "backing up $QUADCTL_UNIT before $QUADCTL_TO_DIGEST"\nif [ -e /run/deny ]; then echo "refused: password=hunter2" >&2; exit 3; fi\n', 0o755);
    await sb.writeFile('/etc/quadctl/hooks/post', '#!/bin/sh\necho "smoke test of $QUADCTL_CONTAINER"\n[ ! -e /run/fail-post ]\n', 0o755);
    await sb.writeFile('/etc/quadctl/hooks/rolled', '#!/bin/sh\nenv | grep ^QUADCTL_ | sort > /run/rollback-hook.env\n', 0o755);
    const ref = sb.imageRef('e2e/gate', '1.0.0');
    const first = await sb.pushImage('e2e/gate', '1.0.0', IMAGES.web('gate-one'));
    await sb.check(`podman pull -q ${q(ref)}`);
    const hooks = { 'io.quadctl.pre-hook': '/etc/quadctl/hooks/pre', 'io.quadctl.post-hook': '/etc/quadctl/hooks/post', 'io.quadctl.rollback-hook': '/etc/quadctl/hooks/rolled', 'io.quadctl.hook-timeout': '20s' };
    await installUnit(sb, 'gate.service', containerUnit(ref, { 'io.quadctl.policy': 'digest', ...SETTLE, ...hooks }));
    const second = await sb.pushImage('e2e/gate', '1.0.0', IMAGES.web('gate-two'));

    await sb.check('touch /run/deny');
    clear();
    const skipped = await sb.quadctl(['update', '--unit', 'gate']);
    expectExit(skipped, 0);
    expect(skipped.stderr).toContain(`gate.service: hook: backing up gate.service before ${second}`);
    expect(skipped.stderr).toContain('gate.service: hook: refused: password=***');
    expect((await running(sb, 'gate.service')).digest).toBe(first);
    const [entry] = (await history(sb, 'gate')).slice(-1);
    expect(entry).toMatchObject({ result: 'skipped', reason: 'pre-hook failed (exited 3), nothing changed' });
    const full = parseJsonOutput<{ entries: { steps: { note?: string }[] }[] }>('history', (await sb.quadctl(['history', '--unit', 'gate', '--json'])).stdout).entries.slice(-1)[0];
    expect(full.steps[0].note).toBe(`pre-hook /etc/quadctl/hooks/pre: exited 3\nbacking up gate.service before ${second}\nrefused: password=***`);
    expect(JSON.parse(at('/hook')[0].body).units).toEqual([expect.objectContaining({ event: 'held', unit: 'gate.service', reason: entry.reason })]);

    await sb.check('rm /run/deny; touch /run/fail-post');
    const rolled = await sb.quadctl(['update', '--unit', 'gate']);
    expectExit(rolled, 3);
    expect(rolled.stderr).toContain('gate.service: hook: smoke test of gate');
    expect((await running(sb, 'gate.service')).digest).toBe(first);
    const [back] = (await history(sb, 'gate')).slice(-1);
    expect(back.reason).toMatch(/^post-hook failed \(exited 1\); back on/);
    expect(back.steps.map((s) => s.step)).toEqual(['pre-hook', 'pulled', 'switched', 'restarted', 'post-hook', 'rollback-started', 'restored', 'rollback-restarted', 'rollback-verified', 'rollback-hook']);
    const env = await sb.check('cat /run/rollback-hook.env');
    expect(env).toContain('QUADCTL_HOOK=rollback\n');
    expect(env).toContain('QUADCTL_RESULT=rolled-back\n');
    expect(env).toContain(`QUADCTL_TO_DIGEST=${second}\n`);

    // A failed post-hook is a failed gate: the candidate is known-bad until forgotten, even for a named unit.
    await sb.check('rm /run/fail-post');
    const kept = await sb.quadctl(['update', '--unit', 'gate']);
    expect(kept.stdout + kept.stderr).toContain('failed its health gate');
    expect((await running(sb, 'gate.service')).digest).toBe(first);
    const forgot = await sb.quadctl(['forget', 'gate', '--json']);
    expectExit(forgot, 0);
    expect(parseJsonOutput('forget', forgot.stdout)).toMatchObject({ unit: 'gate.service', forgotten: [expect.objectContaining({ digest: second })] });
    const ok = await sb.quadctl(['update', '--unit', 'gate']);
    expectExit(ok, 0);
    expect((await running(sb, 'gate.service')).digest).toBe(second);
  }, 300_000);

  test('the shipped alert rules pass promtool check rules', () => {
    const out = execFileSync('promtool', ['check', 'rules', join(__dirname, '..', '..', 'examples', 'monitoring', 'quadctl-alerts.yml')], { encoding: 'utf8' });
    expect(out).toMatch(/SUCCESS: \d+ rules found/);
  });
});
