// The run's young-generation limit (src/adapters/lean-heap.ts): the flag must be
// one this Node's V8 knows (an unknown one only prints an error and does nothing),
// and it must keep the young generation at its first size under a stream of garbage.
import { execFileSync } from 'node:child_process';
import { YOUNG_GENERATION_FLAG } from '../../../src/adapters/lean-heap';

/** New-space size (MiB) after allocating short-lived objects quickly, with the flag set at run time or not. */
function newSpaceAfterGarbage(setFlag: boolean): number {
  const script = `
    const v8 = require('node:v8');
    ${setFlag ? `v8.setFlagsFromString(${JSON.stringify(YOUNG_GENERATION_FLAG)});` : ''}
    const keep = [];
    for (let i = 0; i < 1500; i++) { const a = []; for (let j = 0; j < 2000; j++) a.push({ j, s: 'x' + j }); if (i % 50 === 0) keep.push(a); }
    const s = v8.getHeapSpaceStatistics().find((x) => x.space_name === 'new_space');
    process.stdout.write(String(s.space_size / 1048576));`;
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

describe('lean heap for an update run', () => {
  test("this Node's V8 knows the flag", () => {
    const name = YOUNG_GENERATION_FLAG.replace(/=.*$/, '');
    expect(execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' })).toContain(`${name} `);
  });

  test('set at run time, the young generation stays small where it would have grown', () => {
    const grown = newSpaceAfterGarbage(false);
    const kept = newSpaceAfterGarbage(true);
    expect(kept).toBeLessThan(grown);
    expect(kept).toBeLessThanOrEqual(2);
  });
});
