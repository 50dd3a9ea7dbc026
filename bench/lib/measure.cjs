// Runs one command (through bash, so `times` reports the CPU of every descendant
// it reaped) and samples the resident memory of its whole process tree, and of
// the tool's own process apart from its children (the tree's peak is a sum at
// one moment: which part is the tool and which its podman children).
// RSS counts a page in every process that maps it: the binary's text shared by
// several podman processes, and the whole of a parent's memory in a child it
// has just forked (until exec), are counted again for each. PSS divides every
// shared page among its sharers, so the tree's PSS is the memory it really holds;
// both are printed.
//   BENCH_OUT=FILE node measure.cjs -- CMD...   → prints one JSON line:
//   {code, wallMs, cpuMs, peakRssKiB, peakSelfKiB, atPeak: {selfKiB, childrenKiB, children}, maxChildren,
//    peakPssKiB, peakSelfPssKiB}
// BENCH_TRACE=FILE also writes every sample (ms, self KiB, children KiB, children's commands, self PSS, tree PSS);
// BENCH_SMAPS=FILE the tool's /proc/PID/smaps at its own peak (which mappings hold its memory).
const { spawn } = require('node:child_process');
const { readdirSync, readFileSync } = require('node:fs');

const cmd = process.argv.slice(process.argv.indexOf('--') + 1);
const PAGE_KIB = 4;

/** Proportional set size (KiB), or 0 when the process is gone or the kernel has no smaps_rollup. */
function pss(pid) {
  try {
    return Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function table() {
  const rows = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      rows.push({ pid: Number(d), ppid: Number(fields[1]), rssKiB: Number(fields[21]) * PAGE_KIB, comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) });
    } catch {
      // gone meanwhile
    }
  }
  return rows;
}

/** The tool (bash's one child) and everything below it, at this moment. */
function sample(root) {
  const rows = table();
  const kids = new Map();
  for (const r of rows) kids.set(r.ppid, [...(kids.get(r.ppid) ?? []), r]);
  const tool = (kids.get(root) ?? [])[0];
  if (!tool) return null;
  const below = [];
  const stack = [tool.pid];
  while (stack.length) {
    const pid = stack.pop();
    for (const k of kids.get(pid) ?? []) {
      below.push(k);
      stack.push(k.pid);
    }
  }
  const selfPss = pss(tool.pid);
  return {
    pid: tool.pid,
    selfKiB: tool.rssKiB,
    childrenKiB: below.reduce((a, k) => a + k.rssKiB, 0),
    children: below.map((k) => k.comm),
    selfPssKiB: selfPss,
    treePssKiB: below.reduce((a, k) => a + pss(k.pid), selfPss),
  };
}

// The tool's own output goes to $BENCH_OUT (default /dev/null), so stdout is only `times`.
const script = `"$@" >"\${BENCH_OUT:-/dev/null}" 2>&1; rc=$?; times; exit $rc`;
const t0 = performance.now();
const child = spawn('bash', ['-c', script, 'bash', ...cmd], { stdio: ['ignore', 'pipe', 'inherit'] });
let out = '';
child.stdout.on('data', (d) => (out += d));
let peak = 0;
let peakSelf = 0;
let atPeak = { selfKiB: 0, childrenKiB: 0, children: 0 };
let maxChildren = 0;
let peakPss = 0;
let peakSelfPss = 0;
let peakSmaps = '';
const trace = [];
const timer = setInterval(() => {
  const s = sample(child.pid);
  if (!s) return;
  if (process.env.BENCH_TRACE) trace.push([Math.round(performance.now() - t0), s.selfKiB, s.childrenKiB, s.children.join(','), s.selfPssKiB, s.treePssKiB]);
  if (process.env.BENCH_SMAPS && s.selfKiB > peakSelf) {
    try { peakSmaps = readFileSync(`/proc/${s.pid}/smaps`, 'utf8'); } catch { /* gone */ }
  }
  peakSelf = Math.max(peakSelf, s.selfKiB);
  peakPss = Math.max(peakPss, s.treePssKiB);
  peakSelfPss = Math.max(peakSelfPss, s.selfPssKiB);
  maxChildren = Math.max(maxChildren, s.children.length);
  if (s.selfKiB + s.childrenKiB > peak) {
    peak = s.selfKiB + s.childrenKiB;
    atPeak = { selfKiB: s.selfKiB, childrenKiB: s.childrenKiB, children: s.children.length };
  }
}, 50);
child.on('exit', (code) => {
  clearInterval(timer);
  const wallMs = Math.round(performance.now() - t0);
  // `times`: the shell's own user/sys, then its children's.
  const secs = (s) => { const m = /(\d+)m([\d.]+)s/.exec(s); return m ? Number(m[1]) * 60 + Number(m[2]) : 0; };
  const lines = out.trim().split('\n');
  const cpuMs = Math.round(lines.slice(-2).flatMap((l) => l.trim().split(/\s+/)).reduce((a, s) => a + secs(s), 0) * 1000);
  if (process.env.BENCH_SMAPS) require('node:fs').writeFileSync(process.env.BENCH_SMAPS, peakSmaps);
  if (process.env.BENCH_TRACE) require('node:fs').writeFileSync(process.env.BENCH_TRACE, trace.map((r) => r.join('\t')).join('\n'));
  console.log(JSON.stringify({ code, wallMs, cpuMs, peakRssKiB: peak, peakSelfKiB: peakSelf, atPeak, maxChildren, peakPssKiB: peakPss, peakSelfPssKiB: peakSelfPss }));
});
