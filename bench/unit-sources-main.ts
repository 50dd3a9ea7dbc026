// What the updater asks systemd about each unit it may switch (issue 18): where the
// unit comes from (FragmentPath, SourcePath) and, once per run, what the units depend
// on. Before: a `systemctl show` process per question. Now: Unit properties over the
// run's one D-Bus connection. On one sandbox, N units, both ways, alternating rounds;
// systemctl is timed inside the sandbox (no nsenter in its numbers).
import { connectSystemd } from '../src/adapters/systemd';
import { startSandbox } from '../test/harness';

const UNITS = Number(process.env.BENCH_UNITS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const names = Array.from({ length: UNITS }, (_, i) => `bench-src-${i + 1}.service`);
const DEPS = ['Requires', 'Requisite', 'BindsTo', 'Wants', 'After', 'PartOf'];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const sb = await startSandbox({ registry: false, authRegistry: false });
  try {
    for (const n of names) await sb.writeFile(`/etc/systemd/system/${n}`, '[Unit]\nWants=network.target\n[Service]\nExecStart=/bin/sleep infinity\n');
    await sb.exec('systemctl daemon-reload');
    const shell = [
      's=$(date +%s%N)',
      `for u in ${names.join(' ')}; do systemctl show -p FragmentPath -p SourcePath "$u" >/dev/null; done`,
      'm=$(date +%s%N)',
      `systemctl show ${DEPS.map((p) => `-p ${p}`).join(' ')} -p Id ${names.join(' ')} >/dev/null`,
      'e=$(date +%s%N)',
      'echo $(( (m - s) / 1000 )) $(( (e - m) / 1000 ))',
    ].join('; ');
    const rows: { way: string; sourcesMs: number; depsMs: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const [sources, deps] = (await sb.exec(shell)).stdout.trim().split(' ').map((us) => Number(us) / 1000);
      rows.push({ way: 'systemctl show', sourcesMs: sources, depsMs: deps });
      const t0 = performance.now();
      const sd = await connectSystemd({ busAddress: sb.busAddress });
      const t1 = performance.now();
      for (const n of names) await sd.getUnitSources(n);
      const t2 = performance.now();
      await sd.getDependencies(names);
      const t3 = performance.now();
      sd.close();
      rows.push({ way: 'D-Bus', sourcesMs: t2 - t1, depsMs: t3 - t2 });
      if (round === 0) process.stdout.write(`(connect + Subscribe: ${(t1 - t0).toFixed(1)} ms, paid once per run either way)\n`);
    }
    process.stdout.write(`${sb.system}: ${UNITS} units, ${ROUNDS} rounds, medians\n`);
    for (const way of ['systemctl show', 'D-Bus']) {
      const mine = rows.filter((r) => r.way === way);
      process.stdout.write(`  ${way.padEnd(15)} sources of ${UNITS} units: ${median(mine.map((r) => r.sourcesMs)).toFixed(1)} ms   dependencies of ${UNITS} units: ${median(mine.map((r) => r.depsMs)).toFixed(1)} ms\n`);
    }
  } finally {
    await sb.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
