// The systemd adapter against a real systemd 252: jobs, the settle verdict with
// journal lines, reload, unit files. The adapter runs in the jest process and
// talks to the sandbox's system bus directly (sb.busAddress).
import { describeE2E, startSandbox, type Sandbox } from '../harness';
import { connectSystemd, journalctlReader, type JournalReader, type Systemd } from '../../src/adapters/systemd';
import { MANAGER, MANAGER_PATH, type Signal, SystemdBus } from '../../src/adapters/systemd/bus';

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

describeE2E('systemd over D-Bus (adapter)', () => {
  let sb: Sandbox;
  let sd: Systemd;
  /** The product's reader, its journalctl run inside the sandbox, where the journal is. */
  let journal: JournalReader;

  const unit = async (name: string, text: string): Promise<void> => {
    await sb.writeFile(`/etc/systemd/system/${name}`, text);
  };
  const sh = async (cmd: string): Promise<string> => {
    const r = await sb.exec(cmd);
    if (r.code !== 0) throw new Error(`${cmd}: exit ${r.code}\n${r.stderr}`);
    return r.stdout;
  };

  beforeAll(async () => {
    sb = await startSandbox({ registry: false, authRegistry: false });
    sd = await connectSystemd({ busAddress: sb.busAddress });
    journal = journalctlReader({ run: async (cmd, args) => (await sb.exec([cmd, ...args].map(q).join(' '))).stdout });
    await unit('qt-ok.service', '[Service]\nExecStart=/bin/sleep infinity\n');
    await unit('qt-dies.service', '[Service]\nExecStart=/bin/sh -c "echo qt-dies is going down; exit 3"\n');
    await unit('qt-loop.service', '[Service]\nExecStart=/bin/sh -c "echo qt-loop round; sleep 0.3; exit 4"\nRestart=always\nRestartSec=100ms\n');
    await unit('qt-nonotify.service', '[Service]\nType=notify\nExecStart=/bin/sleep infinity\nTimeoutStartSec=2\n');
    await unit('qt-slow.service', '[Service]\nType=notify\nExecStart=/bin/sleep infinity\nTimeoutStartSec=60\n');
    await unit('qt-jobto.service', '[Unit]\nJobTimeoutSec=1\n[Service]\nType=notify\nExecStart=/bin/sleep infinity\nTimeoutStartSec=60\n');
    await sd.reload();
  }, 120_000);

  afterAll(async () => {
    sd?.close();
    await sb?.stop();
  });

  test('restart of a healthy unit: job done, verdict healthy after the window', async () => {
    await sd.startUnit('qt-ok.service');
    const before = await sd.getUnitState('qt-ok.service');
    const r = await sd.restartAndSettle('qt-ok.service', { windowMs: 2000, journal });
    expect(r.job).toMatchObject({ unit: 'qt-ok.service', method: 'RestartUnit', result: 'done', gaveUp: false });
    expect(r.healthy).toBe(true);
    expect(r.settle).toMatchObject({ verdict: 'healthy', state: { activeState: 'active', subState: 'running' } });
    // A restart is a new invocation; the verdict names the new one.
    expect(r.settle?.invocationId).toMatch(/^[0-9a-f]{32}$/);
    expect(r.settle?.invocationId).not.toBe(before.invocationId);
    expect((await sh('systemctl show -p InvocationID --value qt-ok.service')).trim()).toBe(r.settle?.invocationId);
  });

  test('a unit whose process exits at once: job done, but verdict failed within the window, with its journal', async () => {
    const r = await sd.restartAndSettle('qt-dies.service', { windowMs: 5000, journal });
    expect(r.job.result).toBe('done');
    expect(r.healthy).toBe(false);
    const s = r.settle;
    if (s?.verdict !== 'failed') throw new Error(`expected failed, got ${JSON.stringify(s)}`);
    expect(s.reason).toBe('exited');
    expect(s.observedMs).toBeLessThan(5000);
    expect(s.state).toMatchObject({ activeState: 'failed', result: 'exit-code', execMainStatus: 3 });
    expect(s.journal.join('\n')).toContain('qt-dies is going down');
    expect(s.journal.join('\n')).toMatch(/status=3/);
  });

  test('Restart=always does not hide a crash loop', async () => {
    const r = await sd.restartAndSettle('qt-loop.service', { windowMs: 5000, journal });
    expect(r.job.result).toBe('done');
    expect(r.settle?.verdict).toBe('failed');
    expect(r.settle?.verdict === 'failed' && r.settle.journal.join('\n')).toContain('qt-loop round');
    await sd.stopUnit('qt-loop.service');
  });

  test('a unit that never becomes ready: our own timeout gives up and cancels the job', async () => {
    const r = await sd.startUnit('qt-slow.service', { timeoutMs: 1500 });
    expect(r).toMatchObject({ result: 'timeout', gaveUp: true });
    expect((await sh('systemctl list-jobs --no-legend')).trim()).toBe('');
    await sd.stopUnit('qt-slow.service');
  });

  test("a unit that never becomes ready: systemd's JobTimeoutSec ends the job `timeout`", async () => {
    const r = await sd.restartAndSettle('qt-jobto.service', { timeoutMs: 30_000, journal });
    expect(r.job).toMatchObject({ result: 'timeout', gaveUp: false });
    expect(r.healthy).toBe(false);
    await sd.stopUnit('qt-jobto.service');
  });

  test('a unit that never becomes ready: TimeoutStartSec fails the job, and the report says why', async () => {
    const r = await sd.startAndSettle('qt-nonotify.service', { method: 'StartUnit', timeoutMs: 30_000, journal });
    expect(r.job).toMatchObject({ result: 'failed', gaveUp: false });
    expect(r.healthy).toBe(false);
    expect(r.state).toMatchObject({ activeState: 'failed', result: 'timeout' });
    expect(r.journal?.join('\n')).toMatch(/timed out/i);
  });

  test('Reload returns once systemd has reloaded: a changed unit file is in effect at once', async () => {
    // Type=exec: the restart job ends once sleep itself runs. With Type=simple it ends at the fork, and on
    // systemd >= 255 the main PID can still be systemd-executor, whose environment is not the unit's.
    await unit('qt-env.service', '[Service]\nType=exec\nExecStart=/bin/sleep infinity\nEnvironment=QT_V=one\n');
    await sd.reload();
    // Started, so systemd keeps it loaded (an unreferenced unit would just be loaded afresh).
    expect((await sd.startUnit('qt-env.service')).result).toBe('done');
    await unit('qt-env.service', '[Service]\nType=exec\nExecStart=/bin/sleep infinity\nEnvironment=QT_V=two\n');
    expect((await sd.getUnitState('qt-env.service')).needDaemonReload).toBe(true);
    await sd.reload();
    expect((await sd.getUnitState('qt-env.service')).needDaemonReload).toBe(false);
    expect((await sh('systemctl show -p Environment --value qt-env.service')).trim()).toBe('QT_V=two');
    await sd.restartUnit('qt-env.service');
    const pid = (await sd.getUnitState('qt-env.service')).mainPid;
    expect(await sh(`tr '\\0' '\\n' < /proc/${pid}/environ`)).toContain('QT_V=two');
  });

  test('unit files: link, enable and disable through the manager', async () => {
    await sh('mkdir -p /opt/qt-units');
    await sb.writeFile('/opt/qt-units/qt-linked.service', '[Service]\nExecStart=/bin/sleep infinity\n[Install]\nWantedBy=multi-user.target\n');
    const linked = await sd.linkUnitFiles(['/opt/qt-units/qt-linked.service']);
    expect(linked).toEqual([{ type: 'symlink', file: '/etc/systemd/system/qt-linked.service', destination: '/opt/qt-units/qt-linked.service' }]);
    await sd.reload();
    expect(await sd.getUnitFileState('qt-linked.service')).toBe('linked');
    const enabled = await sd.enableUnitFiles(['qt-linked.service']);
    expect(enabled.carriesInstallInfo).toBe(true);
    expect(enabled.changes.map((c) => c.file)).toContain('/etc/systemd/system/multi-user.target.wants/qt-linked.service');
    expect(await sd.getUnitFileState('qt-linked.service')).toBe('enabled');
    expect((await sh('systemctl is-enabled qt-linked.service')).trim()).toBe('enabled');
    const disabled = await sd.disableUnitFiles(['qt-linked.service']);
    expect(disabled.some((c) => c.type === 'unlink')).toBe(true);
    expect(await sd.getUnitFileState('qt-linked.service')).not.toBe('enabled');
    expect(await sd.getUnitFileState('no-such-unit-here.service')).toBe('');
  });

  test("systemd's start limit fails a restart job; resetFailed clears it", async () => {
    // Default limit: 5 starts in 10 s. Restart until systemd refuses (the job ends `failed`;
    // systemd 252 leaves the unit's Result at the earlier `exit-code` and says why in the journal).
    let refused = false;
    for (let i = 0; i < 10 && !refused; i++) refused = (await sd.restartUnit('qt-dies.service')).result === 'failed';
    expect(refused).toBe(true);
    expect(await sb.journal('qt-dies.service')).toMatch(/Start request repeated too quickly/);
    expect(await sd.resetFailed('qt-dies.service')).toBe(true);
    expect((await sd.restartUnit('qt-dies.service')).result).toBe('done');
  });

  test("a unit's sources and dependencies: the Unit properties systemctl show reads", async () => {
    await unit('qt-deps.service', '[Unit]\nRequires=qt-ok.service\nWants=qt-dies.service\nAfter=qt-ok.service\n[Service]\nExecStart=/bin/sleep infinity\n');
    await sb.writeFile('/etc/systemd/system/qt-deps.service.d/10-part.conf', '[Unit]\nPartOf=qt-loop.service\n');
    await sd.reload();
    const sources = await sd.getUnitSources('qt-deps.service');
    expect(sources).toMatchObject({ id: 'qt-deps.service', fragmentPath: '/etc/systemd/system/qt-deps.service', sourcePath: '' });
    // Distributions may add their own service.d drop-ins; ours must be among them.
    expect(sources.dropInPaths).toContain('/etc/systemd/system/qt-deps.service.d/10-part.conf');
    const deps = (await sd.getDependencies(['qt-deps.service'])).get('qt-deps.service') ?? [];
    expect(deps).toEqual(expect.arrayContaining(['qt-ok.service', 'qt-dies.service', 'qt-loop.service']));
    const shown = await sh('systemctl show -p Requires -p Requisite -p BindsTo -p Wants -p After -p PartOf qt-deps.service');
    const words = shown.split('\n').flatMap((l) => l.slice(l.indexOf('=') + 1).split(/\s+/)).filter(Boolean);
    expect(new Set(deps)).toEqual(new Set(words));
    expect(await sd.getUnitSources('qt-no-such-unit.service')).toMatchObject({ fragmentPath: '', sourcePath: '', dropInPaths: [] });
  });

  test('resetFailed of a unit systemd has not loaded: false, nothing to forget', async () => {
    expect(await sd.resetFailed('qt-never-loaded.service')).toBe(false);
  });

  test("signals: a watched unit's changes arrive, other units' do not, and none after the watch ends", async () => {
    await unit('qt-other.service', '[Service]\nExecStart=/bin/sleep infinity\n');
    await sd.reload();
    const bus = await SystemdBus.open(sb.busAddress, 10_000);
    try {
      const changed: string[] = [];
      bus.onSignal((s: Signal) => void (s.member === 'PropertiesChanged' && changed.push(s.path)));
      const [watched] = await bus.call({ path: MANAGER_PATH, iface: MANAGER, member: 'LoadUnit', signature: 's', body: ['qt-ok.service'] });
      const unwatch = await bus.watchUnit(String(watched));
      await sh('systemctl restart qt-ok.service qt-other.service');
      // The job's end comes before systemd's last property signals; ask once more so they are in.
      await sh('systemctl restart qt-other.service');
      await bus.call({ path: MANAGER_PATH, iface: MANAGER, member: 'LoadUnit', signature: 's', body: ['qt-ok.service'] });
      expect(changed.length).toBeGreaterThan(0);
      expect(new Set(changed)).toEqual(new Set([String(watched)]));
      unwatch();
      // A call answered after the RemoveMatch was sent means the bus has dropped the rule.
      await bus.call({ path: MANAGER_PATH, iface: MANAGER, member: 'LoadUnit', signature: 's', body: ['qt-ok.service'] });
      const before = changed.length;
      await sh('systemctl restart qt-ok.service && sleep 0.5');
      expect(changed.length).toBe(before);
    } finally {
      bus.close();
      await sh('systemctl stop qt-other.service');
    }
  });

  test('an unknown unit is an error naming it, not a hang', async () => {
    await expect(sd.restartUnit('qt-does-not-exist.service', { timeoutMs: 5000 })).rejects.toThrow(/qt-does-not-exist\.service/);
  });
});
