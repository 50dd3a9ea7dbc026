// The update gate's HTTP probe against real loopback servers: what passes, what fails, and
// that a server that never answers fails within the probe's limit.
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { runProbe } from '../../../src/adapters/podman/health';
import type { PodmanRunner } from '../../../src/adapters/podman/run';

const podman = {} as PodmanRunner; // an HTTP probe never runs podman
let server: Server;
let base: string;
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/ok') return res.writeHead(200).end('fine');
    if (req.url === '/moved') return res.writeHead(302, { location: '/nowhere' }).end();
    if (req.url === '/broken') return res.writeHead(503).end('down');
    // '/hang': headers never come
  });
  server.on('connection', (s) => sockets.add(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const probe = (path: string, timeoutMs = 2000) => runProbe(podman, { kind: 'http', url: `${base}${path}` }, 'unused', timeoutMs);

test('2xx passes; a redirect is an answer and passes without being followed', async () => {
  await expect(probe('/ok')).resolves.toEqual({ ok: true, detail: 'HTTP 200' });
  await expect(probe('/moved')).resolves.toEqual({ ok: true, detail: 'HTTP 302' });
});

test('5xx fails and says the status', async () => {
  await expect(probe('/broken')).resolves.toEqual({ ok: false, detail: 'HTTP 503' });
});

test('a server that never answers fails at the limit', async () => {
  await expect(probe('/hang', 300)).resolves.toEqual({ ok: false, detail: 'no answer within 300 ms' });
});

test('nothing listening fails with the connection error', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  await expect(runProbe(podman, { kind: 'http', url: `http://127.0.0.1:${port}/` }, 'unused', 2000)).resolves.toEqual({ ok: false, detail: 'ECONNREFUSED' });
});
