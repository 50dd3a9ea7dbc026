// Stale-lock takeover under a real race: several processes find the lock of a
// dead holder at the same instant and all try to take it over. Each trial
// releases them together (a barrier), and each winner marks its time as the
// holder with an O_EXCL file: a second holder at once would find it there.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { transformFileSync } from '@swc/core';

const TRIALS = 100;
const RACERS = 6;

const WORKER = `
const { acquireUpdateLock, LockBusyError } = require('./lock/update-lock.js');
const { openSync, closeSync, unlinkSync } = require('node:fs');
process.on('message', async ({ lock, inside }) => {
  let held = null;
  let overlap = false;
  try {
    held = await acquireUpdateLock(lock);
    try { closeSync(openSync(inside, 'wx')); } catch { overlap = true; }
    await new Promise((r) => setTimeout(r, 15));
    if (!overlap) unlinkSync(inside);
    await held.release();
    process.send({ held: true, overlap, tookOver: held.tookOverFrom !== null });
  } catch (err) {
    process.send({ held: false, overlap, busy: err instanceof LockBusyError, error: String(err) });
  }
});
process.send({ ready: true });
`;

interface Answer {
  held: boolean;
  overlap: boolean;
  busy?: boolean;
  tookOver?: boolean;
  error?: string;
}

let dir = '';
let workers: ChildProcess[] = [];
let deadPid = 0;

/** The worker's next answer; a worker that dies (e.g. cannot load the lock module) fails the run at once. */
function next(child: ChildProcess): Promise<Answer & { ready?: boolean }> {
  return new Promise((r, reject) => {
    const died = (code: number | null, signal: string | null) => reject(new Error(`lock worker ended (${signal ?? code}) before answering`));
    child.once('exit', died);
    child.once('message', (m) => {
      child.off('exit', died);
      r(m as Answer);
    });
  });
}

/** The lock module and what it imports, compiled to CommonJS in the same layout (src/adapters/...). */
const MODULES = ['lock/update-lock.ts', 'fs/make-dir.ts'];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'quadctl-lock-race-'));
  for (const m of MODULES) {
    const { code } = transformFileSync(resolve(__dirname, '../../../src/adapters', m), {
      jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
      module: { type: 'commonjs' },
    });
    const out = join(dir, m.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, code);
  }
  writeFileSync(join(dir, 'worker.js'), WORKER);
  workers = Array.from({ length: RACERS }, () => fork(join(dir, 'worker.js'), [], { stdio: 'ignore' }));
  await Promise.all(workers.map(next));
  const gone = fork(join(dir, 'worker.js'), [], { stdio: 'ignore' });
  await next(gone);
  deadPid = gone.pid ?? 0;
  gone.kill('SIGKILL');
  await new Promise((r) => gone.once('exit', r));
}, 60_000);

afterAll(() => {
  for (const w of workers) w.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

test(`${TRIALS} trials of ${RACERS} runs racing for a dead holder's lock: never two holders`, async () => {
  let twoHolders = 0;
  let takeovers = 0;
  for (let trial = 0; trial < TRIALS; trial++) {
    const lock = join(dir, `update-${trial}.lock`);
    const inside = join(dir, `inside-${trial}`);
    writeFileSync(lock, JSON.stringify({ pid: deadPid, start: '1', since: `trial ${trial}`, command: 'quadctl update' }));
    const answers = workers.map(next);
    for (const w of workers) w.send({ lock, inside });
    const results = await Promise.all(answers);
    expect(results.filter((r) => !r.held && !r.busy)).toEqual([]);
    if (results.some((r) => r.overlap)) twoHolders++;
    takeovers += results.filter((r) => r.tookOver).length;
  }
  expect(twoHolders).toBe(0);
  // Exactly one run takes the dead holder's lock over in each trial; the others find it held or free.
  expect(takeovers).toBe(TRIALS);
}, 240_000);
