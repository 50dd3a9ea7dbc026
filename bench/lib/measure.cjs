// Runs one command (through bash, so `times` reports the CPU of every descendant
// it reaped) and samples the resident memory of its whole process tree.
//   BENCH_OUT=FILE node measure.cjs -- CMD...   → prints one JSON line: {code, wallMs, cpuMs, peakRssKiB}
const { spawn } = require('node:child_process');
const { readdirSync, readFileSync } = require('node:fs');

const cmd = process.argv.slice(process.argv.indexOf('--') + 1);
const PAGE_KIB = 4;

function table() {
  const rows = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      rows.push({ pid: Number(d), ppid: Number(fields[1]), rssKiB: Number(fields[21]) * PAGE_KIB });
    } catch {
      // gone meanwhile
    }
  }
  return rows;
}

function treeRss(root) {
  const rows = table();
  const kids = new Map();
  for (const r of rows) kids.set(r.ppid, [...(kids.get(r.ppid) ?? []), r]);
  let sum = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop();
    for (const k of kids.get(pid) ?? []) {
      sum += k.rssKiB;
      stack.push(k.pid);
    }
  }
  return sum;
}

// The tool's own output goes to $BENCH_OUT (default /dev/null), so stdout is only `times`.
const script = `"$@" >"\${BENCH_OUT:-/dev/null}" 2>&1; rc=$?; times; exit $rc`;
const t0 = performance.now();
const child = spawn('bash', ['-c', script, 'bash', ...cmd], { stdio: ['ignore', 'pipe', 'inherit'] });
let out = '';
child.stdout.on('data', (d) => (out += d));
let peak = 0;
const timer = setInterval(() => (peak = Math.max(peak, treeRss(child.pid))), 50);
child.on('exit', (code) => {
  clearInterval(timer);
  const wallMs = Math.round(performance.now() - t0);
  // `times`: the shell's own user/sys, then its children's.
  const secs = (s) => { const m = /(\d+)m([\d.]+)s/.exec(s); return m ? Number(m[1]) * 60 + Number(m[2]) : 0; };
  const lines = out.trim().split('\n');
  const cpuMs = Math.round(lines.slice(-2).flatMap((l) => l.trim().split(/\s+/)).reduce((a, s) => a + secs(s), 0) * 1000);
  console.log(JSON.stringify({ code, wallMs, cpuMs, peakRssKiB: peak }));
});
