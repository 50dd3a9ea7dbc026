// An update run's V8 flags (src/adapters/lean-runtime.ts): each must be one this
// Node's V8 knows (an unknown one only prints an error and does nothing), each must
// act when set at run time, and bin/quadctl must set them for `update` before the CLI
// loads, and for no other command.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandOf, UPDATE_RUN_V8_FLAGS } from '../../../src/adapters/lean-runtime';

const GROWTH_FLAG = '--semi-space-growth-factor=1';

/** New-space size (MiB) after allocating short-lived objects quickly, with the flags set at run time or not. */
function newSpaceAfterGarbage(flags: readonly string[]): number {
  const script = `
    const v8 = require('node:v8');
    for (const f of ${JSON.stringify(flags)}) v8.setFlagsFromString(f);
    const keep = [];
    for (let i = 0; i < 1500; i++) { const a = []; for (let j = 0; j < 2000; j++) a.push({ j, s: 'x' + j }); if (i % 50 === 0) keep.push(a); }
    const s = v8.getHeapSpaceStatistics().find((x) => x.space_name === 'new_space');
    process.stdout.write(String(s.space_size / 1048576));`;
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

// A small hot loop: V8 optimises it (Turbofan on Node 20, Maglev first on newer lines) unless told not to.
const HOT = 'function hot(n) { let s = 0; for (let i = 0; i < n; i++) s += i % 7; return s; } let t = 0; for (let k = 0; k < 2000; k++) t += hot(10000);';
const optimised = (traceOpt: string): boolean => /compiling method .*hot/.test(traceOpt);

describe('an update run on a lean V8', () => {
  test("this Node's V8 knows every flag", () => {
    const options = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    for (const flag of UPDATE_RUN_V8_FLAGS) expect(options).toContain(`${flag.replace(/^--no-/, '--').replace(/=.*$/, '')} `);
  });

  test('set at run time, the young generation stays small where it would have grown', () => {
    expect(UPDATE_RUN_V8_FLAGS).toContain(GROWTH_FLAG);
    const grown = newSpaceAfterGarbage([]);
    const kept = newSpaceAfterGarbage(UPDATE_RUN_V8_FLAGS);
    expect(kept).toBeLessThan(grown);
    expect(kept).toBeLessThanOrEqual(2);
  });

  test('set at run time, hot code is never optimised', () => {
    const run = (flags: readonly string[]): string =>
      execFileSync(process.execPath, ['--trace-opt', '-e', `for (const f of ${JSON.stringify(flags)}) require('node:v8').setFlagsFromString(f); ${HOT}`], { encoding: 'utf8' });
    expect(optimised(run([]))).toBe(true);
    expect(optimised(run(UPDATE_RUN_V8_FLAGS))).toBe(false);
  });

  test('bin/quadctl sets them for update, before the CLI runs, and for no other command', () => {
    const dir = mkdtempSync(join(tmpdir(), 'quadctl-lean-'));
    try {
      // Runs the hot loop as the CLI exits, under whatever flags the CLI set meanwhile.
      const atExit = join(dir, 'hot-at-exit.cjs');
      writeFileSync(atExit, `process.on('exit', () => { ${HOT} });\n`);
      const cli = (...args: string[]): string => {
        const r = spawnSync(process.execPath, ['--trace-opt', '--require', atExit, 'bin/quadctl', ...args], { encoding: 'utf8', timeout: 60_000 });
        expect(r.status).toBe(0);
        return r.stdout;
      };
      expect(optimised(cli('update', '--help'))).toBe(false);
      expect(optimised(cli('status', '--help'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the command is the first word that is not an option", () => {
    expect(commandOf(['update', '--dry-run'])).toBe('update');
    expect(commandOf(['--help'])).toBeUndefined();
    expect(commandOf(['-h', 'update'])).toBe('update');
    expect(commandOf(['status', 'update'])).toBe('status');
  });
});
