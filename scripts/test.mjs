// `npm test`: lint (Biome, biome.json), build the executables (the e2e and conformance tests run them), run the
// unit tests once, then the real-system (e2e) suites once per system of the matrix
// (bookworm, trixie, forky; QUADCTL_E2E_SYSTEMS=a,b to run fewer), one after another:
// each pass boots its own sandboxes, two suites at a time (QUADCTL_E2E_WORKERS). Prints one line per system,
// `e2e on SYSTEM: N passed, N failed`, and ends with one plain `N passed, N failed` for
// the whole run (with the runs QUADCTL_EARLIER_RESULTS names), all computed from jest's
// JSON results, so CI and people read the same verdict. With arguments (`npm test -- test/e2e/update.test.ts`) it runs jest once
// with them instead, on QUADCTL_E2E_SYSTEM (default bookworm).
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const SYSTEMS = ['bookworm', 'trixie', 'forky'];
// Two suites (two sandboxes) at a time within a system: e2e suites mostly wait on
// settle windows and restarts, so two overlap well even on 2 busy cores.
const E2E_WORKERS = process.env.QUADCTL_E2E_WORKERS ?? '2';
const jestArgs = process.argv.slice(2);

const lint = spawnSync(process.execPath, ['node_modules/@biomejs/biome/bin/biome', 'lint', '--error-on-warnings'], { stdio: 'inherit' });
if (lint.status !== 0) {
  console.log('0 passed, 1 failed (lint)');
  process.exit(1);
}

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

/** One jest run; its counts from the JSON it wrote (a run that wrote none counts as one failure). */
function jest(name, args, env = {}) {
  const results = `.jest-results${name ? `-${name}` : ''}.json`;
  rmSync(results, { force: true });
  const run = spawnSync(process.execPath, ['node_modules/jest/bin/jest.js', '--json', `--outputFile=${results}`, ...args], {
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  return countsFrom(name || 'jest', results, run.status === 0);
}

/** Counts from jest's JSON results; a missing or unreadable file counts as one failure. */
function countsFrom(name, results, ok) {
  try {
    const r = JSON.parse(readFileSync(results, 'utf8'));
    // A suite that fails to load has no test results; count it as a failure.
    const loadFailures = r.testResults.filter((t) => t.status === 'failed' && t.assertionResults.length === 0).length;
    return {
      name,
      passed: r.numPassedTests,
      failed: r.numFailedTests + loadFailures,
      skipped: r.numPendingTests + r.numTodoTests,
      ok,
      firstFailures: firstFailures(r),
    };
  } catch {
    return { name, passed: 0, failed: 1, skipped: 0, ok: false, firstFailures: [`  ✕ ${name}: no results in ${results}`] };
  }
}

/**
 * The first failures of a run, a few lines each. CI shows only the tail of a run's
 * output, so these are printed again just above the verdict: a red run says why.
 */
function firstFailures(r, count = 3, lines = 8) {
  const failures = [];
  for (const suite of r.testResults) {
    const file = suite.name.replace(`${process.cwd()}/`, '');
    if (suite.assertionResults.length === 0 && suite.message) failures.push({ where: file, message: suite.message });
    for (const t of suite.assertionResults) {
      if (t.status === 'failed') failures.push({ where: `${file}: ${t.fullName}`, message: t.failureMessages.join('\n') });
    }
  }
  // Strip colours; keep the first lines that say something.
  const noise = (l) => l.trim() === '' || /^\s*at .*(node_modules|<anonymous>|node:internal)/.test(l);
  const plain = (m) => m.replace(/\u001b\[[0-9;]*m/g, '').split('\n').filter((l) => !noise(l)).slice(0, lines);
  return failures.slice(0, count).map((f) => [`  ✕ ${f.where}`, ...plain(f.message).map((l) => `      ${l}`)].join('\n'));
}

const line = (c) => `${c.passed} passed, ${c.failed} failed` + (c.skipped ? `, ${c.skipped} skipped` : '');

const passes = [];
if (jestArgs.length > 0) {
  passes.push(jest('', jestArgs));
} else {
  const matrix = (process.env.QUADCTL_E2E_SYSTEMS ?? SYSTEMS.join(',')).split(',').filter(Boolean);
  const unknown = matrix.filter((s) => !SYSTEMS.includes(s));
  if (unknown.length > 0) {
    console.error(`QUADCTL_E2E_SYSTEMS: unknown system ${unknown.join(', ')} (known: ${SYSTEMS.join(', ')})`);
    console.log('0 passed, 1 failed');
    process.exit(2);
  }
  passes.push(jest('unit', ['--testPathIgnorePatterns', '/test/e2e/']));
  const perSystem = [];
  for (const [i, system] of matrix.entries()) {
    console.error(`== e2e on ${system}`);
    // The first pass's globalSetup prints the one skip line for the whole matrix.
    const env = { QUADCTL_E2E_SYSTEM: system, QUADCTL_E2E_MATRIX: matrix.join(','), ...(i > 0 ? { QUADCTL_E2E_SKIP_REPORTED: '1' } : {}) };
    const counts = jest(`e2e-${system}`, ['test/e2e', `--maxWorkers=${E2E_WORKERS}`], env);
    perSystem.push([system, counts]);
    passes.push(counts);
  }
  for (const [system, counts] of perSystem) console.log(`e2e on ${system}: ${line(counts)}`);
}
// Runs made before this one and named in QUADCTL_EARLIER_RESULTS (CI's other Node lines,
// scripts/node-matrix.sh) count in the verdict too, so the last line is the whole run's.
for (const file of (process.env.QUADCTL_EARLIER_RESULTS ?? '').split(/\s+/).filter(Boolean)) {
  const counts = countsFrom(file.replace(/^\.jest-results-|\.json$/g, ''), file, true);
  passes.push({ ...counts, ok: counts.ok && counts.failed === 0 });
}
for (const c of passes) {
  if (c.failed === 0 || !c.firstFailures) continue;
  console.log(`first failures, ${c.name} (${c.firstFailures.length} of ${c.failed}):`);
  for (const f of c.firstFailures) console.log(f);
}
const total = passes.reduce((t, c) => ({ passed: t.passed + c.passed, failed: t.failed + c.failed, skipped: t.skipped + c.skipped }), { passed: 0, failed: 0, skipped: 0 });
console.log(line(total));
process.exit(passes.every((c) => c.ok) ? 0 : 1);
