/**
 * `describeE2E`: a `describe` that runs only where the real-system prerequisites exist.
 * Elsewhere it skips with one printed line saying what is missing, unless
 * QUADCTL_E2E=required (CI), where a missing prerequisite fails the suite.
 */
import { missingPrerequisites } from './prerequisites';
import { realProcess } from './real-process';
import { currentSystem, type SystemName } from './systems';

export const REQUIRED_ENV = 'QUADCTL_E2E';
/** Set by global-setup.ts once it has printed the line for the whole run. */
export const SKIP_REPORTED_ENV = 'QUADCTL_E2E_SKIP_REPORTED';

/** Printed once per jest worker, not once per suite. */
const PRINTED = Symbol.for('quadctl.e2e.skip-printed');
type Flagged = NodeJS.Process & { [PRINTED]?: boolean };

/**
 * One line for every system of the run that misses something: what, where it is only
 * needed on some systems, and how to enable the tests.
 */
export function skipLine(missingBySystem: Partial<Record<SystemName, string[]>>): string {
  const systems = Object.keys(missingBySystem) as SystemName[];
  const where = new Map<string, SystemName[]>();
  for (const system of systems) for (const name of missingBySystem[system] ?? []) where.set(name, [...(where.get(name) ?? []), system]);
  const items = [...where].map(([name, on]) => (on.length === systems.length ? name : `${name} [${on.join(', ')}]`));
  return `quadctl e2e: skipping real-system tests on ${systems.join(', ')}, missing: ${items.join(', ')} (install them and run as root to enable; ${REQUIRED_ENV}=required fails instead)`;
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
  printOnce(skipLine({ [currentSystem().name]: missing }));
  describe.skip(name, body);
}
