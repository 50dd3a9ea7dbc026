// `npm test`: build the executables (the e2e and conformance tests run them), run
// jest, and end with one plain `N passed, N failed` line computed from jest's JSON
// results, so CI and people read the same verdict.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const results = '.jest-results.json';
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
rmSync(results, { force: true });
const jest = spawnSync(process.execPath, ['node_modules/jest/bin/jest.js', '--json', `--outputFile=${results}`, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
let summary;
try {
  const r = JSON.parse(readFileSync(results, 'utf8'));
  const skipped = r.numPendingTests + r.numTodoTests;
  // A suite that fails to load has no test results; count it as a failure.
  const failed = r.numFailedTests + r.testResults.filter((t) => t.status === 'failed' && t.assertionResults.length === 0).length;
  summary = `${r.numPassedTests} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : '');
} catch {
  summary = '0 passed, 1 failed';
}
console.log(summary);
process.exit(jest.status ?? 1);
