/**
 * Bench body (bundled and run by bench/registry-check.mjs): 50 containers over
 * 10 images, a real registry on loopback behind a proxy that delays every
 * request by 100 ms and counts it. Measures `quadctl check` and, when asked and
 * possible (inside the sandbox, with podman), `podman auto-update --dry-run`
 * over 50 running containers of the same images.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startRegistry } from '../test/unit/registry/support/local-registry';
import { pushImage, tarOf } from '../test/unit/registry/support/push';

const IMAGES = 10;
const CONTAINERS = 50;
const DELAY_MS = Number(process.env.BENCH_DELAY_MS ?? 100);
const checkout = join(__dirname, '..');

interface Proxy {
  host: string;
  requests: string[];
  nonHttp: number;
  reset(): void;
  stop(): Promise<void>;
}

async function startDelayProxy(target: string, delayMs: number): Promise<Proxy> {
  const state = { requests: [] as string[], nonHttp: 0 };
  const [targetHost, targetPort] = target.split(':');
  const server = createServer((req, res) => {
    state.requests.push(`${req.method} ${(req.url ?? '').split('?')[0]}`);
    setTimeout(() => {
      const upstream = httpRequest({ host: targetHost, port: Number(targetPort), method: req.method, path: req.url, headers: req.headers }, (up) => {
        const headers = { ...up.headers };
        // Keep redirects (blob uploads) pointing at the proxy.
        if (typeof headers.location === 'string') headers.location = headers.location.replace(`http://${target}`, '');
        res.writeHead(up.statusCode ?? 502, headers);
        up.pipe(res);
      });
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
    }, delayMs);
  });
  // A TLS probe (https first for insecure registries, as Podman also does) is not HTTP: count it apart.
  server.on('clientError', (_err, socket) => {
    state.nonHttp++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    host: `127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    get nonHttp() {
      return state.nonHttp;
    },
    reset() {
      state.requests = [];
      state.nonHttp = 0;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  } as Proxy;
}

function summarise(requests: string[]): string {
  const kinds = new Map<string, number>();
  for (const r of requests) {
    const kind = r.replace(/\/v2\/.*\/manifests\/.*/, '/v2/<name>/manifests/<ref>').replace(/\/v2\/.*\/tags\/list/, '/v2/<name>/tags/list').replace(/\/v2\/.*\/blobs\/.*/, '/v2/<name>/blobs/<digest>');
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  return [...kinds].map(([k, n]) => `${n}× ${k}`).join(', ');
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, ms: performance.now() - started }));
  });
}

interface Measured {
  requests: number;
  seconds: number;
}

async function benchQuadctl(proxy: Proxy, refs: string[], env: NodeJS.ProcessEnv, rounds: number): Promise<Measured> {
  const measured: Measured[] = [];
  for (let round = 1; round <= rounds; round++) {
    proxy.reset();
    const r = await run(process.execPath, [join(checkout, 'bin', 'quadctl'), 'check', ...refs, '--json', '--concurrency', '16', '--verbose'], env);
    const results = JSON.parse(r.stdout || '[]') as Array<{ error?: string; currentDigest?: string }>;
    const ok = results.filter((x) => x.currentDigest && !x.error).length;
    if (r.code !== 0) process.stdout.write(`quadctl exited ${r.code}: ${r.stderr.slice(-500)}\n`);
    process.stdout.write(
      `quadctl check (round ${round}): ${proxy.requests.length} HTTP requests at the registry (${summarise(proxy.requests)})` +
        `${proxy.nonHttp ? ` + ${proxy.nonHttp} TLS probe` : ''}; ${ok}/${refs.length} references checked; wall ${(r.ms / 1000).toFixed(2)} s\n`,
    );
    measured.push({ requests: proxy.requests.length, seconds: r.ms / 1000 });
  }
  // The median round: start-up noise on a busy machine should not decide the figure.
  return measured.sort((a, b) => a.seconds - b.seconds)[Math.floor(measured.length / 2)];
}

/** Runs a podman command without blocking the event loop (the proxy and registry live in this process). */
async function podman(args: string[]): Promise<string> {
  const r = await run('podman', args, process.env);
  if (r.code !== 0) throw new Error(`podman ${args.join(' ')}: ${r.stderr.slice(-500)}`);
  return r.stdout;
}

async function benchPodman(proxy: Proxy, refs: string[], env: NodeJS.ProcessEnv): Promise<Measured> {
  process.stdout.write(`podman: pulling ${IMAGES} images and starting ${CONTAINERS} containers…\n`);
  for (const image of new Set(refs)) await podman(['pull', '-q', image]);
  const started = performance.now();
  for (let i = 0; i < refs.length; i++) {
    await podman(['run', '-d', '--name', `bench-c${i}`, '--label', 'io.containers.autoupdate=registry', '--label', `PODMAN_SYSTEMD_UNIT=bench-c${i}.service`, refs[i]]);
  }
  process.stdout.write(`podman: ${CONTAINERS} containers up in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  proxy.reset();
  const r = await run('podman', ['auto-update', '--dry-run', '--format', '{{.Unit}} {{.Image}} {{.Updated}}'], env);
  const lines = r.stdout.trim().split('\n').filter(Boolean);
  if (r.code !== 0) process.stdout.write(`podman auto-update exited ${r.code}: ${r.stderr.slice(-800)}\n`);
  process.stdout.write(
    `podman auto-update --dry-run: ${proxy.requests.length} HTTP requests at the registry (${summarise(proxy.requests)})` +
      `${proxy.nonHttp ? ` + ${proxy.nonHttp} TLS probes` : ''}; ${lines.length} containers reported; wall ${(r.ms / 1000).toFixed(2)} s\n`,
  );
  return { requests: proxy.requests.length, seconds: r.ms / 1000 };
}

async function main(): Promise<void> {
  const withPodman = process.argv.includes('--podman');
  const work = mkdtempSync(join(tmpdir(), 'quadctl-bench-'));
  const registry = await startRegistry();
  const proxy = await startDelayProxy(registry.host, DELAY_MS);
  try {
    const baseLayers = withPodman ? [tarOf({ 'bin/busybox': readFileSync('/bin/busybox') })] : [];
    for (let i = 0; i < IMAGES; i++) {
      await pushImage(registry, `bench/img${i}`, '1.0.0', { marker: `img${i}`, baseLayers, config: { Cmd: ['/bin/busybox', 'sleep', '1000000'] } });
    }
    const refs = Array.from({ length: CONTAINERS }, (_, i) => `${proxy.host}/bench/img${i % IMAGES}:1.0.0`);
    const conf = join(work, 'registries.conf');
    writeFileSync(conf, `[[registry]]\nlocation = "${proxy.host}"\ninsecure = true\n`);
    mkdirHome(work);
    const env = { ...process.env, CONTAINERS_REGISTRIES_CONF: conf, HOME: join(work, 'home'), REGISTRY_AUTH_FILE: join(work, 'auth.json') };
    process.stdout.write(`bench: ${CONTAINERS} containers over ${IMAGES} images, ${DELAY_MS} ms added to every registry request\n`);
    const quadctl = await benchQuadctl(proxy, refs, env, 3);
    process.stdout.write(`summary: quadctl ${quadctl.requests} requests for ${IMAGES} distinct images (goal ≤ ${IMAGES} plus tokens), median wall ${quadctl.seconds.toFixed(2)} s\n`);
    if (withPodman) {
      process.env.CONTAINERS_REGISTRIES_CONF = conf;
      const podman = await benchPodman(proxy, refs, env);
      process.stdout.write(`summary: podman ${podman.requests} requests, ${podman.seconds.toFixed(2)} s; quadctl takes ${((quadctl.seconds / podman.seconds) * 100).toFixed(1)} % of podman's wall time (goal ≤ 10 %)\n`);
    } else {
      process.stdout.write('summary: podman not measured (run as root with --podman: it needs a systemd sandbox)\n');
    }
  } finally {
    await proxy.stop();
    await registry.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

function mkdirHome(work: string): void {
  mkdirSync(join(work, 'home'), { recursive: true });
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
