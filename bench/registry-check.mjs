#!/usr/bin/env node
// bench/registry-check: how many registry requests and how much wall time it
// takes to check 50 containers over 10 images, with 100 ms added per request.
//
//   node bench/registry-check.mjs                 # quadctl only, on this host's loopback
//   sudo node bench/registry-check.mjs --podman   # also podman auto-update --dry-run, in a
//                                                 # throwaway systemd sandbox (needs root, podman)
//
// Needs `npm run build` first (it runs bin/quadctl) and Debian's docker-registry.
import { build } from 'esbuild';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const checkout = join(here, '..');
const sandbox = '/work/shared/sandbox/systemd-sandbox';
const args = process.argv.slice(2);
const cleanups = [];

function cleanup() {
  while (cleanups.length) cleanups.pop()();
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    cleanup();
    process.exit(130);
  });
}

function runInherit(cmd, cmdArgs) {
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, { stdio: 'inherit' });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

const bundled = join(here, '.registry-check.bundle.cjs');
await build({ entryPoints: [join(here, 'registry-check-main.ts')], outfile: bundled, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
cleanups.push(() => rmSync(bundled, { force: true }));

let status;
if (!args.includes('--podman') || args.includes('--inside')) {
  status = await runInherit(process.execPath, [bundled, ...args]);
} else {
  // podman auto-update needs systemd and D-Bus: run everything inside a sandbox, and always stop it.
  const state = mkdtempSync(join(tmpdir(), 'quadctl-bench-sb-'));
  cleanups.push(() => {
    spawnSync(sandbox, ['stop', state], { stdio: 'inherit' });
    rmSync(state, { recursive: true, force: true });
  });
  const start = spawnSync(sandbox, ['start', state, checkout], { stdio: ['ignore', 'ignore', 'inherit'] });
  status = start.status === 0 ? await runInherit(sandbox, ['exec', state, process.execPath, bundled, '--podman', '--inside']) : 1;
}
cleanup();
process.exit(status);
