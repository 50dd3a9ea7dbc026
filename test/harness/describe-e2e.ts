/**
 * `describeE2E`: a `describe` that runs only where the real-system prerequisites exist.
 * Elsewhere it skips with one printed line saying what is missing, unless
 * QUADCTL_E2E=required (CI), where a missing prerequisite fails the suite.
 */
import { missingPrerequisites } from './prerequisites';
import { realProcess } from './real-process';

export const REQUIRED_ENV = 'QUADCTL_E2E';
/** Set by global-setup.ts once it has printed the line for the whole run. */
export const SKIP_REPORTED_ENV = 'QUADCTL_E2E_SKIP_REPORTED';

/** Printed once per jest worker, not once per suite. */
const PRINTED = Symbol.for('quadctl.e2e.skip-printed');
type Flagged = NodeJS.Process & { [PRINTED]?: boolean };

export function skipLine(missing: string[]): string {
  return `quadctl e2e: skipping real-system tests, missing: ${missing.join(', ')} (set ${REQUIRED_ENV}=required to fail instead)`;
}

function printOnce(line: string): void {
  const holder: Flagged = realProcess();
  if (holder[PRINTED] || process.env[SKIP_REPORTED_ENV]) return;
  holder[PRINTED] = true;
  process.stderr.write(`${line}\n`);
}

export function describeE2E(name: string, body: () => void): void {
  const missing = missingPrerequisites();
  if (missing.length === 0) {
    describe(name, body);
    return;
  }
  if (process.env[REQUIRED_ENV] === 'required') {
    describe(name, () => {
      test('real-system prerequisites are installed', () => {
        throw new Error(`${REQUIRED_ENV}=required but missing: ${missing.join(', ')}`);
      });
    });
    return;
  }
  printOnce(skipLine(missing));
  describe.skip(name, body);
}
