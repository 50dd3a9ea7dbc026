/**
 * Sandboxes die with the jest process that started them: on SIGTERM it tears them down
 * before exiting; when it is SIGKILLed the kernel kills the sandbox (parent-death
 * signal) and a sweep removes what remains on disk.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECKOUT, describeE2E, sweepSandboxes } from '../harness';

interface Held {
  id: string;
  pid: number;
  holder: number;
}

/** A separate jest running the fixture; resolves once it holds a running sandbox. */
function holdSandbox(): Promise<{ child: ChildProcess; held: Held }> {
  const child = spawn(
    process.execPath,
    [join(CHECKOUT, 'node_modules/jest/bin/jest.js'), '--runInBand', '--testMatch', '**/hold-sandbox.fixture.ts', '--testPathIgnorePatterns', '/node_modules/'],
    { cwd: CHECKOUT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /HOLDING (\{.*\})/.exec(out);
      if (m) resolve({ child, held: JSON.parse(m[1]) as Held });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`fixture jest exited (${code}) before holding a sandbox:\n${out}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<NodeJS.Signals | number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.signalCode ?? child.exitCode);
    else child.on('exit', (code, signal) => resolve(signal ?? code));
  });

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

const traces = (held: Held) => ({
  process: existsSync(`/proc/${held.pid}`),
  stateDir: existsSync(join(tmpdir(), held.id)),
  cgroup: existsSync(`/sys/fs/cgroup/unified/${held.id}`) || existsSync(`/sys/fs/cgroup/systemd/${held.id}`),
});

describeE2E('harness: sandboxes die with the jest process that started them', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill('SIGKILL');
  });

  test('SIGTERM to jest: the sandbox is torn down before jest exits', async () => {
    const h = await holdSandbox();
    child = h.child;
    expect(traces(h.held)).toEqual({ process: true, stateDir: true, cgroup: true });
    child.kill('SIGTERM');
    expect(await exited(child)).toBe('SIGTERM');
    expect(traces(h.held)).toEqual({ process: false, stateDir: false, cgroup: false });
  }, 60_000);

  test('SIGKILL to jest: the sandbox dies with it and a sweep removes the rest', async () => {
    const h = await holdSandbox();
    child = h.child;
    child.kill('SIGKILL');
    await exited(child);
    // The orphaned PID 1 is reaped by the machine's init, in its own time.
    expect(await until(() => !existsSync(`/proc/${h.held.pid}`), 20_000)).toBe(true);
    sweepSandboxes();
    expect(traces(h.held)).toEqual({ process: false, stateDir: false, cgroup: false });
  }, 60_000);
});
