#!/usr/bin/env node
// bench/registry-http-rss: what loading the registry client and sending its
// first request costs node's own RSS (issue 19). The client is bundled as
// quadctl bundles it, from this checkout or another one (e.g. a worktree of
// main), and run in a child process per sample; the registry is a loopback
// stub in this process, so it is not counted.
//
//   node bench/registry-http-rss.mjs [CHECKOUT ...]    # default: this checkout; 7 samples each
//   BENCH_SAMPLES=11 node bench/registry-http-rss.mjs . /work/main
//
// Printed per checkout (medians): RSS at start, after loading the client, after
// the first request (a HEAD of a manifest), and the process's peak RSS.
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const checkouts = process.argv.slice(2).length ? process.argv.slice(2) : [join(here, '..')];
const samples = Number(process.env.BENCH_SAMPLES ?? 7);
const DIGEST = `sha256:${'a'.repeat(64)}`;

// Runs in the child: RSS before and after import(), then after one request.
const driver = `
const mib = () => process.memoryUsage().rss / 1048576;
const start = mib();
const { createRegistryClient } = await import('./registry.mjs');
const { mergeRegistriesConf, parseRegistriesConf } = await import('./core.mjs');
const loaded = mib();
const host = process.argv[2];
const client = await createRegistryClient({
  registriesConf: mergeRegistriesConf([parseRegistriesConf('[[registry]]\\nlocation = "' + host + '"\\ninsecure = true\\n', 'bench.conf')]),
  credentials: { files: [], lookup: async () => undefined },
});
const digest = await client.api.manifestDigest({ registry: host, repository: 'a/b', tag: '1' });
if (digest !== '${DIGEST}') throw new Error('unexpected digest ' + digest);
const requested = mib();
await client.close();
// Node's own undici (behind fetch, Headers, Response) loads lazily: say whether anything touched it.
const nodeUndici = process.moduleLoadList.some((m) => m.includes('undici'));
console.log(JSON.stringify({ start, loaded, requested, peak: process.resourceUsage().maxRSS / 1024, nodeUndici }));
`;

async function bundle(checkout, dir) {
  const common = { bundle: true, platform: 'node', target: 'node20', format: 'esm', logLevel: 'warning', absWorkingDir: checkout,
    // As scripts/build.mjs: CommonJS dependencies call require() on Node built-ins.
    banner: { js: "import { createRequire as __qcr } from 'node:module'; const require = __qcr(import.meta.url);" },
  };
  await build({ ...common, entryPoints: [join(checkout, 'src/adapters/registry/index.ts')], outfile: join(dir, 'registry.mjs') });
  await build({ ...common, entryPoints: [join(checkout, 'src/registry/index.ts')], outfile: join(dir, 'core.mjs') });
  writeFileSync(join(dir, 'driver.mjs'), driver);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const server = createServer((req, res) => res.writeHead(200, { 'docker-content-digest': DIGEST, 'content-type': 'application/vnd.oci.image.manifest.v1+json' }).end());
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const host = `127.0.0.1:${server.address().port}`;
try {
  for (const checkout of checkouts.map((c) => resolve(c))) {
    const dir = mkdtempSync(join(tmpdir(), 'quadctl-rss-'));
    try {
      await bundle(checkout, dir);
      const runs = [];
      for (let i = 0; i < samples; i++) {
        // Asynchronous: the stub answers from this process while the child waits.
        const out = await new Promise((ok, fail) =>
          execFile(process.execPath, [join(dir, 'driver.mjs'), host], (err, stdout, stderr) => (err ? fail(new Error(`${err.message}\n${stderr}`)) : ok(stdout))),
        );
        runs.push(JSON.parse(out));
      }
      const m = (k) => median(runs.map((r) => r[k])).toFixed(1);
      const undici = runs.some((r) => r.nodeUndici) ? "; Node's bundled undici was loaded" : '';
      console.log(`${checkout}: start ${m('start')} MiB, loaded ${m('loaded')} MiB, after 1 request ${m('requested')} MiB, peak ${m('peak')} MiB (median of ${samples})${undici}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
} finally {
  server.close();
}
