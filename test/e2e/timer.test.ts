// `quadctl timer enable|disable|status` against a real systemd. The CLI runs
// inside the sandbox (it writes to /etc/systemd/system: the sandbox's overlay).
import { describeE2E, type Sandbox, expectExit, useSandbox } from '../harness';
import { parseJsonOutput } from '../json-output';

interface StatusJson {
  scope: string;
  installed: boolean;
  enabled: boolean;
  active: boolean;
  schedule: string[];
  nextElapse: string | null;
  lastTrigger: string | null;
  lastRun: { result: string | null; exitStatus: number | null; finishedAt: string | null };
}
interface ListedTimer {
  next: number;
  last: number;
  unit: string;
  activates: string;
}

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

describeE2E('quadctl timer (system manager)', () => {
  let sb: Sandbox;
  const UNITS = '/etc/systemd/system/quadctl-update.timer /etc/systemd/system/quadctl-update.service';

  const listTimers = async (prefix = ''): Promise<ListedTimer[]> => {
    const r = await sb.exec(`${prefix}systemctl ${prefix ? '--user ' : ''}list-timers --all -o json`);
    return (JSON.parse(r.stdout) as ListedTimer[]).filter((t) => t.unit === 'quadctl-update.timer');
  };
  const status = async (): Promise<StatusJson> => {
    const r = await sb.quadctl(['timer', 'status', '--json']);
    expectExit(r, 0);
    return parseJsonOutput<StatusJson>('timer-status', r.stdout);
  };
  /** A fingerprint of everything `timer enable` could change. */
  const snapshot = async (): Promise<string> =>
    (
      await sb.exec(
        `cat ${UNITS} 2>/dev/null; ls -l --time-style=full-iso /etc/systemd/system/ /etc/systemd/system/timers.target.wants 2>/dev/null; ` +
          // A restart of the timer would draw a new random delay, so NextElapse shows it.
          'systemctl show -p ActiveState,NextElapseUSecRealtime,LastTriggerUSec,ActiveEnterTimestamp quadctl-update.timer; systemctl is-enabled quadctl-update.timer',
      )
    ).stdout;

  useSandbox({ registry: false, authRegistry: false }, (started) => {
    sb = started;
  }, 120_000);

  test('a bad calendar spec is an error before anything changes (nothing installed yet)', async () => {
    const before = await snapshot();
    const r = await sb.quadctl(['timer', 'enable', '--on-calendar', 'every second tuesday']);
    expectExit(r, 2);
    expect(r.stderr).toContain("'every second tuesday'");
    expect(await snapshot()).toBe(before);
    expect((await sb.exec('ls /etc/systemd/system/quadctl-update.timer')).code).not.toBe(0);
  });

  test("enable --on-calendar '*:0/5': list-timers shows it with its next elapse, and status --json agrees", async () => {
    const r = await sb.quadctl(['timer', 'enable', '--on-calendar', '*:0/5', '--randomized-delay', '30s']);
    expectExit(r, 0);
    const [listed] = await listTimers();
    expect(listed).toMatchObject({ unit: 'quadctl-update.timer', activates: 'quadctl-update.service' });
    expect(listed.next).toBeGreaterThan(0);
    const s = await status();
    expect(s).toMatchObject({ scope: 'system', installed: true, enabled: true, active: true, schedule: ['*-*-* *:00/5:00'] });
    expect(s.nextElapse).toBe(new Date(Math.floor(listed.next / 1000)).toISOString());
    expect((await sb.exec('systemctl is-enabled quadctl-update.timer')).stdout.trim()).toBe('enabled');
    expect((await sb.exec('systemctl show -p RandomizedDelayUSec --value quadctl-update.timer')).stdout.trim()).toBe('30s');
    // The service runs this checkout's quadctl with `update`, as a oneshot.
    const exec = (await sb.exec('systemctl show -p ExecStart --value quadctl-update.service')).stdout;
    expect(exec).toMatch(/bin\/quadctl update/);
    expect((await sb.exec('systemctl show -p Type --value quadctl-update.service')).stdout.trim()).toBe('oneshot');
  });

  test('a bad spec when the timer is installed changes nothing either', async () => {
    const before = await snapshot();
    const bad = [['--on-calendar', '*:0/5\nExecStartPre=/bin/touch /pwned'], ['--randomized-delay', '5 parsecs'], ['--on-calendar', 'Mon 25:00']];
    for (const args of bad) {
      const r = await sb.quadctl(['timer', 'enable', ...args]);
      expectExit(r, 2);
    }
    expect(await snapshot()).toBe(before);
  });

  test('enable again with another schedule moves the timer', async () => {
    expect((await sb.quadctl(['timer', 'enable', '--on-calendar', 'Sun 03:00'])).code).toBe(0);
    const s = await status();
    expect(s.schedule).toEqual(['Sun *-*-* 03:00:00']);
    const [listed] = await listTimers();
    expect(s.nextElapse).toBe(new Date(Math.floor(listed.next / 1000)).toISOString());
    expect(new Date(s.nextElapse ?? 0).getUTCDay()).toBe(0);
  });

  test("status reports the service's last result as systemd records it", async () => {
    // Start one run by hand, as the timer would; its outcome is whatever `quadctl update` does.
    await sb.exec('systemctl start quadctl-update.service');
    const s = await status();
    const result = (await sb.exec('systemctl show -p Result --value quadctl-update.service')).stdout.trim();
    const code = Number((await sb.exec('systemctl show -p ExecMainStatus --value quadctl-update.service')).stdout.trim());
    expect(s.lastRun.result).toBe(result);
    expect(s.lastRun.exitStatus).toBe(code);
    expect(s.lastRun.finishedAt).not.toBeNull();
    // Its output went to the journal under the service's identifier.
    expect((await sb.exec('journalctl --no-pager -t quadctl-update -q | wc -l')).stdout.trim()).not.toBe('0');
  });

  test('disable stops, disables and removes the units it installed', async () => {
    const r = await sb.quadctl(['timer', 'disable']);
    expectExit(r, 0);
    expect(await listTimers()).toEqual([]);
    expect((await sb.exec(`ls ${UNITS}`)).code).not.toBe(0);
    expect(await status()).toMatchObject({ installed: false, enabled: false, active: false, schedule: [], nextElapse: null });
    // Disabling twice is fine.
    expect((await sb.quadctl(['timer', 'disable'])).code).toBe(0);
  });

  test('disable leaves alone a unit file quadctl did not write', async () => {
    const own = '[Unit]\nDescription=admin-written\n[Timer]\nOnCalendar=weekly\n[Install]\nWantedBy=timers.target\n';
    await sb.writeFile('/etc/systemd/system/quadctl-update.timer', own);
    const r = await sb.quadctl(['timer', 'disable']);
    expectExit(r, 0);
    expect(r.stdout).toContain('Kept /etc/systemd/system/quadctl-update.timer');
    expect((await sb.exec('cat /etc/systemd/system/quadctl-update.timer')).stdout).toBe(own);
    await sb.exec('rm -f /etc/systemd/system/quadctl-update.timer && systemctl daemon-reload');
  });
});

describeE2E('quadctl timer --user (a user manager, user@UID.service)', () => {
  let sb: Sandbox;
  const USER = 'qtimer';
  let uid = 0;
  let asUser = '';

  useSandbox({ registry: false, authRegistry: false }, async (started) => {
    sb = started;
    uid = (await sb.addUser(USER)).uid;
    // What a login session would give the user: its runtime dir (hence $XDG_RUNTIME_DIR/bus).
    asUser = `runuser -u ${USER} -- env HOME=/home/${USER} XDG_RUNTIME_DIR=/run/user/${uid} `;
  }, 120_000);

  const quadctl = (args: string[]) => sb.exec(`cd /home/${USER} && ${asUser}node ${q(`${sb.root}/bin/quadctl`)} ${args.map(q).join(' ')}`);

  test('enable --user installs into ~/.config/systemd/user and the user manager runs the timer', async () => {
    const r = await quadctl(['timer', 'enable', '--user', '--on-calendar', '*:0/5']);
    expect(r.stderr).toBe('');
    expectExit(r, 0);
    expect((await sb.exec(`ls /home/${USER}/.config/systemd/user/`)).stdout).toContain('quadctl-update.timer');
    const listed = JSON.parse((await sb.exec(`${asUser}systemctl --user list-timers --all -o json`)).stdout) as ListedTimer[];
    const mine = listed.find((t) => t.unit === 'quadctl-update.timer');
    expect(mine?.next).toBeGreaterThan(0);
    const s = parseJsonOutput<StatusJson>('timer-status', (await quadctl(['timer', 'status', '--user', '--json'])).stdout);
    expect(s).toMatchObject({ scope: 'user', enabled: true, active: true, schedule: ['*-*-* *:00/5:00'] });
    expect(s.nextElapse).toBe(new Date(Math.floor((mine?.next ?? 0) / 1000)).toISOString());
    // The user variant runs `quadctl update --user`, and has no system-only dependencies.
    expect((await sb.exec(`${asUser}systemctl --user show -p ExecStart --value quadctl-update.service`)).stdout).toMatch(/quadctl update --user/);
    // Nothing landed in the system manager.
    expect((await sb.exec('ls /etc/systemd/system/quadctl-update.timer')).code).not.toBe(0);
  });

  test('disable --user removes it from the user manager', async () => {
    expect((await quadctl(['timer', 'disable', '--user'])).code).toBe(0);
    const listed = JSON.parse((await sb.exec(`${asUser}systemctl --user list-timers --all -o json`)).stdout) as ListedTimer[];
    expect(listed.filter((t) => t.unit === 'quadctl-update.timer')).toEqual([]);
  });

  test('--user with no session bus is a clear error, and nothing is written', async () => {
    const r = await sb.exec(`cd /home/${USER} && runuser -u ${USER} -- env -u XDG_RUNTIME_DIR -u DBUS_SESSION_BUS_ADDRESS HOME=/home/${USER} node ${q(`${sb.root}/bin/quadctl`)} timer enable --user`);
    expectExit(r, 1);
    expect(r.stderr).toMatch(/XDG_RUNTIME_DIR/);
    expect((await sb.exec(`ls /home/${USER}/.config/systemd/user/quadctl-update.timer`)).code).not.toBe(0);
  });
});
