// The podman runner's limits, against real child processes standing in for
// podman: a command past its limit is reported as stopped (status 124) even
// when it exits 0 on SIGTERM, as Podman 4.3.1's `podman exec` does.
import { podmanRunner, TIMED_OUT } from '../../../src/adapters/podman/run';

const node = podmanRunner(process.execPath);

test('a command that exits 0 on SIGTERM but ran past its limit is stopped, not a success', async () => {
  const hang = "process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000);";
  const r = await node.status(['-e', hang], { timeoutMs: 400 });
  expect(r).toMatchObject({ code: TIMED_OUT, stopped: expect.stringMatching(/no result within 0\.4 s/) });
  await expect(node.run(['-e', hang], { timeoutMs: 400 })).rejects.toThrow(/exit 124.*stopped: no result within/);
});

test('the limit hook runs before the command is stopped', async () => {
  const order: string[] = [];
  const hang = "process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000);";
  const r = await node.status(['-e', hang], {
    timeoutMs: 300,
    onLimit: async () => void order.push('hook'),
  });
  order.push('ended');
  expect(order).toEqual(['hook', 'ended']);
  expect(r.stopped).toMatch(/no result within/);
});

test('a download that stops moving bytes is stopped as stalled, even while it still reads a few bytes a second', async () => {
  // As a podman pull waiting on a silent registry does: a few bytes of wake-ups on a pipe.
  const chatter = "const fs = require('fs'); const b = Buffer.alloc(5); const fd = fs.openSync('/dev/zero', 'r'); setInterval(() => fs.readSync(fd, b), 300);";
  const r = await node.status(['-e', chatter], { timeoutMs: 60_000, stallMs: 1_500 });
  expect(r).toMatchObject({ code: TIMED_OUT, stopped: 'no data for 1.5 s (stalled)' });
});

test('one that keeps moving bytes is not stalled, however long it takes', async () => {
  const busy = "const fs = require('fs'); const b = Buffer.alloc(4096); const fd = fs.openSync('/dev/zero', 'r'); const t = setInterval(() => fs.readSync(fd, b), 200); setTimeout(() => { clearInterval(t); }, 3000);";
  const r = await node.status(['-e', busy], { timeoutMs: 60_000, stallMs: 1_500 });
  expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
});

test('exit status and output pass through untouched', async () => {
  const r = await node.status(['-e', "process.stdout.write('out'); process.stderr.write('err'); process.exit(3)"]);
  expect(r).toEqual({ code: 3, stdout: 'out', stderr: 'err' });
});
