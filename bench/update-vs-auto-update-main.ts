// The scenario of issue 19, on one sandbox: 20 Quadlet units over 5 images
// (4 units each), a registry behind a loopback proxy that adds 100 ms per
// request and counts requests; every round pushes a new digest of all 5 images,
// then runs one tool, the tools alternating. Printed: wall time, registry
// requests, blob GETs, CPU (user+sys incl. reaped children), peak RSS of the
// tool's process tree and of the tool alone, and whether every unit ended on the new digest (and,
// for quadctl, passed its health gate).
import { writeFileSync } from 'node:fs';
import { CHECKOUT, IMAGES, startSandbox, type Sandbox } from '../test/harness';

const IMAGE_COUNT = Number(process.env.BENCH_IMAGES ?? 5);
const UNITS_PER_IMAGE = Number(process.env.BENCH_UNITS_PER_IMAGE ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const DELAY_MS = Number(process.env.BENCH_DELAY_MS ?? 100);
const PROXY_PORT = 5001;
const QUADCTL_ARGS = process.env.BENCH_QUADCTL_ARGS ?? '';
/** Node's own flags for quadctl (e.g. --trace-gc); the tool's log is kept with BENCH_TRACE_DIR. */
const NODE_FLAGS = process.env.BENCH_NODE_FLAGS ?? '';
/**
 * Several quadctl settings in one run, each beside podman in every round:
 * `BENCH_QUADCTL_VARIANTS='r2=--restarts 2;r8=--restarts 8'` (label=arguments, `;` between);
 * `label=ENV=V … node-flags :: arguments` sets environment variables and node's flags too
 * (and `BIN=DIR ::` runs another build: see nodeCommand).
 */
interface Variant {
  tool: string;
  args: string;
  node: string;
}
function variant(spec: string): Variant {
  const [label, rest] = [spec.slice(0, spec.indexOf('=')).trim(), spec.slice(spec.indexOf('=') + 1).trim()];
  const [node, args] = rest.includes('::') ? rest.split('::').map((x) => x.trim()) : [NODE_FLAGS, rest];
  return { tool: `quadctl:${label}`, args, node };
}
const VARIANTS = (process.env.BENCH_QUADCTL_VARIANTS ?? '').split(';').filter((v) => v.trim()).map(variant);
const QUADCTLS: Variant[] = VARIANTS.length ? VARIANTS : [{ tool: 'quadctl', args: QUADCTL_ARGS, node: NODE_FLAGS }];

interface Measured {
  tool: string;
  round: number;
  code: number;
  wallMs: number;
  cpuMs: number;
  peakRssKiB: number;
  /** The tool's own process alone (node for quadctl, podman for auto-update). */
  peakSelfKiB: number;
  /** The split at the tree's peak moment. */
  atPeak: { selfKiB: number; childrenKiB: number; children: number };
  maxChildren: number;
  /** Proportional set size: shared pages divided among their sharers (bench/lib/measure.cjs). */
  peakPssKiB: number;
  peakSelfPssKiB: number;
  requests: number;
  blobGets: number;
  onNewDigest: number;
  verified: number | null;
}

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
const images = Array.from({ length: IMAGE_COUNT }, (_, i) => `bench/img${i + 1}`);
const units = images.flatMap((_, i) => Array.from({ length: UNITS_PER_IMAGE }, (__, j) => ({ image: i, name: `bench-${i + 1}-${j + 1}` })));

function quadletFile(image: string, name: string): string {
  return `[Container]\nImage=localhost:${PROXY_PORT}/${image}:latest\nContainerName=${name}\nAutoUpdate=registry\nNetwork=none\n\n[Service]\nTimeoutStartSec=180\n`;
}

async function pushAll(sb: Sandbox, version: number): Promise<string[]> {
  const digests: string[] = [];
  for (const image of images) digests.push(await sb.pushImage(image, 'latest', IMAGES.web(`${image} v${version}`)));
  return digests;
}

async function counts(sb: Sandbox, path: 'counts' | 'reset'): Promise<{ requests: number; blobGets: number; byPath: Record<string, number> }> {
  return JSON.parse(await sb.check(`curl -fsS -X POST http://127.0.0.1:${PROXY_PORT}/_bench/${path}`)) as { requests: number; blobGets: number; byPath: Record<string, number> };
}

async function onDigest(sb: Sandbox, digests: string[]): Promise<number> {
  const r = await sb.exec(`podman container inspect --format '{{.Name}} {{.ImageDigest}}' $(podman ps -q --filter name=bench-)`);
  const running = new Map(r.stdout.trim().split('\n').map((l) => l.split(' ') as [string, string]));
  return units.filter((u) => running.get(u.name) === digests[u.image]).length;
}

async function verifiedSince(sb: Sandbox, since: number): Promise<number> {
  const r = await sb.quadctl(['history', '--json']);
  const { entries } = JSON.parse(r.stdout) as { entries: { unit: string; result: string; time: string; steps: { step: string }[] }[] };
  return entries.filter((e) => e.result === 'updated' && Date.parse(e.time) >= since && e.steps.some((s) => s.step === 'verified')).length;
}

async function measure(sb: Sandbox, tool: string, round: number, command: string, digests: string[]): Promise<Measured> {
  await counts(sb, 'reset');
  const since = Date.now() - 5_000;
  const file = `${tool.replace(/[^\w-]/g, '_')}-${round}`;
  const out = `/tmp/bench-${file}.log`;
  const trace = `/tmp/bench-${file}.trace`;
  const smaps = `/tmp/bench-${file}.smaps`;
  const r = await sb.exec(`BENCH_OUT=${out} BENCH_TRACE=${trace}${process.env.BENCH_TRACE_DIR ? ` BENCH_SMAPS=${smaps}` : ''} node ${q(`${CHECKOUT}/bench/lib/measure.cjs`)} -- ${command}`, { timeoutMs: 900_000 });
  if (r.code !== 0) throw new Error(`measure ${tool}: ${r.stderr}`);
  const m = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Pick<Measured, 'code' | 'wallMs' | 'cpuMs' | 'peakRssKiB' | 'peakSelfKiB' | 'atPeak' | 'maxChildren' | 'peakPssKiB' | 'peakSelfPssKiB'>;
  if (process.env.BENCH_TRACE_DIR) {
    writeFileSync(`${process.env.BENCH_TRACE_DIR}/${file}.tsv`, (await sb.exec(`cat ${trace}`)).stdout);
    writeFileSync(`${process.env.BENCH_TRACE_DIR}/${file}.log`, (await sb.exec(`cat ${out}`)).stdout);
    writeFileSync(`${process.env.BENCH_TRACE_DIR}/${file}.smaps`, (await sb.exec(`cat ${smaps}`)).stdout);
  }
  const c = await counts(sb, 'counts');
  if (process.env.BENCH_VERBOSE) process.stderr.write(`${tool} round ${round}: ${JSON.stringify(c.byPath)}\n${(await sb.exec(`tail -n 30 ${out}`)).stdout}\n`);
  // podman auto-update returns once restarts are done; give both tools the same last look.
  let on = 0;
  for (let i = 0; i < 60 && (on = await onDigest(sb, digests)) < units.length; i++) await new Promise((res) => setTimeout(res, 1000));
  const verified = tool.startsWith('quadctl') ? await verifiedSince(sb, since) : null;
  return { tool, round, ...m, requests: c.requests, blobGets: c.blobGets, onNewDigest: on, verified };
}

/**
 * `ENV=V… flags` before node's script: the variables go to env, the flags to node;
 * `BIN=DIR` runs DIR/bin/quadctl instead (DIR under the checkout, e.g. a build of main).
 */
function nodeCommand(spec: string, args: string): string {
  const words = spec.split(/\s+/).filter(Boolean);
  const bin = words.find((w) => w.startsWith('BIN='))?.slice(4);
  const env = words.filter((w) => /^[A-Z_]+=/.test(w) && !w.startsWith('BIN='));
  const flags = words.filter((w) => !/^[A-Z_]+=/.test(w));
  const script = q(`${CHECKOUT}/${bin ? `${bin}/` : ''}bin/quadctl`);
  return `${env.length ? `env ${env.join(' ')} ` : ''}node ${flags.join(' ')} ${script} update ${args}`;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function table(rows: Measured[]): string {
  const tools = [...new Set(rows.map((r) => r.tool))];
  const of = (t: string): Measured[] => rows.filter((r) => r.tool === t);
  const cell = (t: string, f: (r: Measured) => number, fmt: (n: number) => string): string => fmt(median(of(t).map(f)));
  const lines = [
    ['wall', (r: Measured) => r.wallMs, (n: number) => `${(n / 1000).toFixed(2)} s`],
    ['registry requests', (r: Measured) => r.requests, String],
    ['blob GETs', (r: Measured) => r.blobGets, String],
    ['CPU user+sys incl. children', (r: Measured) => r.cpuMs, (n: number) => `${(n / 1000).toFixed(2)} s`],
    ['peak RSS of the process tree', (r: Measured) => r.peakRssKiB, (n: number) => `${Math.round(n / 1024)} MiB`],
    ['peak RSS of the tool alone', (r: Measured) => r.peakSelfKiB, (n: number) => `${Math.round(n / 1024)} MiB`],
    ['at the tree peak: children', (r: Measured) => r.atPeak.childrenKiB, (n: number) => `${Math.round(n / 1024)} MiB`],
    ['peak PSS of the process tree', (r: Measured) => r.peakPssKiB, (n: number) => `${Math.round(n / 1024)} MiB`],
    ['peak PSS of the tool alone', (r: Measured) => r.peakSelfPssKiB, (n: number) => `${Math.round(n / 1024)} MiB`],
    ['most child processes at once', (r: Measured) => r.maxChildren, String],
    ['units on the new digest', (r: Measured) => r.onNewDigest, (n: number) => `${n}/${units.length}`],
  ] as const;
  const name = (t: string): string => (t === 'podman' ? 'podman auto-update' : `quadctl update${t.slice('quadctl'.length)}`);
  const head = `| median of ${ROUNDS} | ${tools.map(name).join(' | ')} |\n|---|${tools.map(() => '---|').join('')}`;
  const body = lines.map(([label, f, fmt]) => `| ${label} | ${tools.map((t) => cell(t, f, fmt)).join(' | ')} |`);
  const verified = tools.map((t) => (t === 'podman' ? '–' : of(t).map((r) => `${r.verified}/${units.length}`).join(', ')));
  const ratio = (f: (r: Measured) => number): string[] => tools.map((t) => `${(median(of(t).map(f)) / median(of('podman').map(f))).toFixed(2)}×`);
  return [
    head,
    ...body,
    `| verified by the gate | ${verified.join(' | ')} |`,
    `| wall / podman's | ${ratio((r) => r.wallMs).join(' | ')} |`,
    `| tree RSS / podman's | ${ratio((r) => r.peakRssKiB).join(' | ')} |`,
    `| tree PSS / podman's | ${ratio((r) => r.peakPssKiB).join(' | ')} |`,
  ].join('\n');
}

async function main(): Promise<void> {
  const sb = await startSandbox({ registry: true, timeoutMs: 240_000 });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      void sb.stop().finally(() => process.exit(130));
    });
  }
  try {
    process.stderr.write(`sandbox up on ${sb.system}; podman ${(await sb.check('podman --version')).trim()}\n`);
    await sb.check(`systemd-run --unit=bench-proxy node ${q(`${CHECKOUT}/bench/lib/latency-proxy.cjs`)} ${PROXY_PORT} 5000 ${DELAY_MS}`);
    await sb.httpGet(`http://127.0.0.1:${PROXY_PORT}/_bench/counts`);
    let version = 0;
    await pushAll(sb, version);
    for (const image of images) await sb.check(`podman pull -q localhost:${PROXY_PORT}/${image}:latest`, { timeoutMs: 120_000 });
    for (const u of units) await sb.writeFile(`/etc/containers/systemd/${u.name}.container`, quadletFile(images[u.image], u.name));
    await sb.check('systemctl daemon-reload');
    await sb.check(`systemctl start ${units.map((u) => `${u.name}.service`).join(' ')}`, { timeoutMs: 600_000 });
    const rows: Measured[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const all: Variant[] = [{ tool: 'podman', args: '', node: '' }, ...QUADCTLS];
      const order = round % 2 ? all : [...all].reverse();
      for (const { tool, args, node } of order) {
        const digests = await pushAll(sb, ++version);
        const command = tool === 'podman' ? 'podman auto-update' : nodeCommand(node, args);
        const m = await measure(sb, tool, round, command, digests);
        process.stderr.write(`${JSON.stringify(m)}\n`);
        rows.push(m);
      }
    }
    const md = table(rows);
    console.log(md);
    if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(rows, null, 2));
  } finally {
    await sb.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
