// Connection errors against real endpoints: a missing socket, and a real
// dbus-daemon that has no systemd on it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import * as dbus from 'dbus-next';
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

  test('a socket that accepts but never answers: the same "cannot connect" error, with the timeout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quadctl-bus-'));
    const sock = join(dir, 'bus');
    const accepted: Socket[] = [];
    const silent = createServer((c) => accepted.push(c));
    try {
      await new Promise<void>((r) => silent.listen(sock, r));
      const err = await connectSystemd({ busAddress: `unix:path=${sock}`, timeoutMs: 200 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SystemdUnavailableError);
      expect((err as Error).message).toBe(`cannot connect to the D-Bus bus at unix:path=${sock}: no answer within 200 ms`);
    } finally {
      for (const c of accepted) c.destroy();
      silent.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const haveDaemon = existsSync('/usr/bin/dbus-daemon');
  /** A session dbus-daemon on `sock`, once it listens (it prints its address then; the socket file exists a moment earlier). */
  const startDaemon = (sock: string): Promise<ChildProcess> =>
    new Promise((resolve, reject) => {
      const daemon = spawn('/usr/bin/dbus-daemon', ['--session', '--nofork', '--nopidfile', `--address=unix:path=${sock}`, '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] });
      daemon.stdout!.once('data', () => resolve(daemon));
      daemon.once('error', reject);
      daemon.once('exit', (code) => reject(new Error(`dbus-daemon exited ${code}`)));
    });
  /** A stand-in for systemd's manager: just enough for connect (Subscribe), and a Reload that never answers. */
  class FakeManager extends dbus.interface.Interface {
    Subscribe(): void {}
    Reload(): Promise<void> {
      return new Promise(() => {});
    }
  }
  FakeManager.configureMembers({ methods: { Subscribe: { inSignature: '', outSignature: '' }, Reload: { inSignature: '', outSignature: '' } } });

  /** `body` gets a dbus-daemon of its own (gone after it) and a way to put the stand-in manager on it. */
  async function withBus(body: (address: string, joinAsSystemd: () => Promise<void>) => Promise<void>): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), 'quadctl-bus-'));
    const sock = join(dir, 'bus');
    const address = `unix:path=${sock}`;
    const peers: dbus.MessageBus[] = [];
    let daemon: ChildProcess | undefined;
    try {
      daemon = await startDaemon(sock);
      await body(address, async () => {
        const manager = dbus.sessionBus({ busAddress: address });
        peers.push(manager);
        manager.export('/org/freedesktop/systemd1', new FakeManager('org.freedesktop.systemd1.Manager'));
        await manager.requestName('org.freedesktop.systemd1', 0);
      });
    } finally {
      for (const peer of peers) peer.disconnect();
      daemon?.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  (haveDaemon ? test : test.skip)('a bus without systemd on it: a SystemdUnavailableError, not a hang', () =>
    withBus(async (address) => {
      const err = await connectSystemd({ scope: 'user', env: { DBUS_SESSION_BUS_ADDRESS: address }, timeoutMs: 500 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SystemdUnavailableError);
      expect((err as Error).message).toMatch(/no systemd/);
    }));

  (haveDaemon ? test : test.skip)('systemd that joins the bus a moment after us (a user bus just activated): connect waits for it', () =>
    withBus(async (address, joinAsSystemd) => {
      const connecting = connectSystemd({ busAddress: address, timeoutMs: 5000 });
      await new Promise((r) => setTimeout(r, 300));
      await joinAsSystemd();
      const sd = await connecting;
      expect(sd.address).toBe(address);
      sd.close();
    }));

  (haveDaemon ? test : test.skip)('closing fails a call still waiting for systemd at once, instead of holding the process for its timeout', () =>
    withBus(async (address, joinAsSystemd) => {
      await joinAsSystemd();
      const sd = await connectSystemd({ busAddress: address, timeoutMs: 5000 });
      // The call's own timeout (60 s) is far past the test's: only close() can end it in time.
      const waiting = sd.reload({ timeoutMs: 60_000 }).catch((e: unknown) => e);
      await new Promise((r) => setTimeout(r, 100));
      sd.close();
      const err = await waiting;
      expect(err).toBeInstanceOf(SystemdUnavailableError);
      expect((err as Error).message).toMatch(/closed before systemd answered/);
    }));
});
