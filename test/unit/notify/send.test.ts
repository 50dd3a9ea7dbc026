import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { notifyAll } from '../../../src/adapters/notify/send';
import type { NotifySettings } from '../../../src/config';
import { testPayload } from '../../../src/notify/payload';

let server: Server;
let port = 0;
const got: { url?: string; headers: IncomingHttpHeaders; body: string }[] = [];
let failFirst = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ url: req.url, headers: req.headers, body });
      if (req.url?.endsWith('/moved')) return void res.writeHead(302, { location: `http://127.0.0.1:${port}/elsewhere` }).end();
      if (req.url?.endsWith('/broken')) return void res.writeHead(500).end('receiver says no\n');
      if (req.url?.endsWith('/silent')) return; // never answers
      res.writeHead(failFirst-- > 0 ? 503 : 200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const payload = testPayload({ host: 'h', startedAt: 0, finishedAt: 0, trigger: 'manual' });
const target = (over: Partial<NotifySettings>): NotifySettings => ({ name: 'w', url: `http://127.0.0.1:${port}/hook`, events: ['updated'], perUnit: false, format: 'json', line: 1, ...over });

describe('sending', () => {
  test('the webhook body is signed with HMAC-SHA256 of the secret file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qn-'));
    writeFileSync(join(dir, 'key'), 'k3y\n');
    got.length = 0;
    const [r] = await notifyAll([target({ secretFile: join(dir, 'key') })], payload);
    expect(r).toMatchObject({ ok: true, attempts: 1, messages: 1 });
    expect(got[0].headers['x-quadctl-signature']).toBe(`sha256=${createHmac('sha256', 'k3y').update(got[0].body).digest('hex')}`);
  });

  test('a failing answer is retried with backoff until it succeeds', async () => {
    got.length = 0;
    failFirst = 2;
    const [r] = await notifyAll([target({})], payload);
    expect(r).toMatchObject({ ok: true, attempts: 3 });
    expect(got).toHaveLength(3);
  });

  test('a dead target gives up within the budget, reports why, and does not hold up the live one', async () => {
    got.length = 0;
    const results = await notifyAll([target({ name: 'dead', url: 'http://127.0.0.1:9/x' }), target({})], payload, 2_000);
    expect(results[0]).toMatchObject({ target: 'dead', ok: false, detail: expect.stringMatching(/^POST: connection failed \(ECONNREFUSED/) });
    expect(results[0].attempts).toBeGreaterThan(1);
    expect(results[1]).toMatchObject({ ok: true });
  });

  // A webhook's URL is its secret (Slack, Discord, Matrix): no failure may show it.
  test('a failing answer reports its status and what the receiver said, never the URL', async () => {
    const [r] = await notifyAll([target({ url: `http://127.0.0.1:${port}/T0k3n/broken` })], payload, 1_500);
    expect(r).toMatchObject({ ok: false, detail: 'HTTP 500 Internal Server Error: receiver says no' });
  });

  test('a redirect is not followed: the signed POST goes nowhere the answer names', async () => {
    got.length = 0;
    const [r] = await notifyAll([target({ url: `http://127.0.0.1:${port}/T0k3n/moved` })], payload, 1_500);
    expect(r).toMatchObject({ ok: false, detail: 'HTTP 302 Found' });
    expect(got.map((g) => g.url)).not.toContain('/elsewhere');
    expect(got.map((g) => g.url)).toContain('/T0k3n/moved');
  });

  test('a receiver that never answers fails the attempt when its time is up', async () => {
    const [r] = await notifyAll([target({ url: `http://127.0.0.1:${port}/T0k3n/silent` })], payload, 1_500);
    expect(r.ok).toBe(false);
    expect(r.detail).toMatch(/^POST: timed out/);
    expect(r.detail).not.toContain('T0k3n');
  });

  test('an exec target that fails reports its exit status and stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qn-'));
    const prog = join(dir, 'tell');
    writeFileSync(prog, '#!/bin/sh\ncat >/dev/null; echo nope >&2; exit 7\n', { mode: 0o755 });
    const [r] = await notifyAll([target({ url: `exec:${prog}` })], payload, 1_000);
    expect(r).toMatchObject({ ok: false, detail: `${prog} exited 7: nope` });
  });
});
