// Ending the exec sessions a timed-out probe left: found from /proc as conmon
// processes started with --exec and the container's ID; their commands killed.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { endExecSessionsSince, execSessions } from '../../../src/adapters/podman/exec-sessions';

const CID = 'f'.repeat(64);
const started: ChildProcess[] = [];
afterAll(() => {
  for (const c of started) c.kill('SIGKILL');
});

/** A stand-in conmon (argv[0] `conmon`, with --exec -c CID) whose child is the "probe". */
function fakeConmon(cid: string): Promise<{ conmon: number; probe: number }> {
  const script = "const c = require('child_process').spawn('sleep', ['100'], { stdio: 'ignore' }); console.log(c.pid); setInterval(() => {}, 1000);";
  const child = spawn(process.execPath, ['-e', script, '--', '--exec', '-c', cid, '--exit-dir', '/tmp'], { argv0: 'conmon', stdio: ['ignore', 'pipe', 'ignore'] });
  started.push(child);
  return new Promise((resolve) => child.stdout!.once('data', (d: Buffer) => resolve({ conmon: child.pid!, probe: Number(d.toString().trim()) })));
}

/** Running: not gone, and not a zombie waiting for its new parent to reap it. */
const alive = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
};

test('only sessions of this container started since `before` are ended, with the commands under them', async () => {
  const earlier = await fakeConmon(CID);
  const other = await fakeConmon('e'.repeat(64));
  const before = execSessions(CID);
  expect(before).toEqual(new Set([earlier.conmon]));
  const hung = await fakeConmon(CID);
  expect(endExecSessionsSince(CID, before)).toBe(1);
  await new Promise((r) => setTimeout(r, 200));
  expect([alive(hung.conmon), alive(hung.probe)]).toEqual([false, false]);
  expect([alive(earlier.conmon), alive(earlier.probe), alive(other.conmon), alive(other.probe)]).toEqual([true, true, true, true]);
});
