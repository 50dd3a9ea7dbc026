// Connection errors against real endpoints: a missing socket, and a real
// dbus-daemon that has no systemd on it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectSystemd, SystemdUnavailableError } from '../../../src/adapters/systemd';

describe('connecting to systemd', () => {
  test('no socket: a SystemdUnavailableError naming the path', async () => {
    const err = await connectSystemd({ busAddress: 'unix:path=/nonexistent/quadctl-test/bus' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SystemdUnavailableError);
    expect((err as Error).message).toContain('/nonexistent/quadctl-test/bus');
  });

  test('--user with no bus variables: says which variables to set', async () => {
    const err = await connectSystemd({ scope: 'user', env: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SystemdUnavailableError);
    expect((err as Error).message).toMatch(/DBUS_SESSION_BUS_ADDRESS|XDG_RUNTIME_DIR/);
  });

  const haveDaemon = existsSync('/usr/bin/dbus-daemon');
  (haveDaemon ? test : test.skip)('a bus without systemd on it: a SystemdUnavailableError, not a hang', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quadctl-bus-'));
    const sock = join(dir, 'bus');
    let daemon: ChildProcess | undefined;
    try {
      daemon = spawn('/usr/bin/dbus-daemon', ['--session', '--nofork', '--nopidfile', `--address=unix:path=${sock}`], { stdio: 'ignore' });
      for (let i = 0; i < 100 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 20));
      const err = await connectSystemd({ scope: 'user', env: { DBUS_SESSION_BUS_ADDRESS: `unix:path=${sock}` } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SystemdUnavailableError);
      expect((err as Error).message).toMatch(/no systemd/);
    } finally {
      daemon?.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
