/**
 * jest globalSetup: say once per run (not once per worker) that the real-system tests
 * will be skipped, and why; the workers inherit QUADCTL_E2E_SKIP_REPORTED and stay quiet.
 * `npm test` runs one jest per system and names them all in QUADCTL_E2E_MATRIX, so its
 * first run prints the one line for the whole matrix and the others stay quiet too.
 * When the current system can run, make sure its rootfs is built before any suite's
 * beforeAll (and its timeout) starts.
 */
import { REQUIRED_ENV, SKIP_REPORTED_ENV, skipLine } from './describe-e2e';
import { missingPrerequisites } from './prerequisites';
import { ensureRootfs } from './rootfs';
import { isSystemName, type SystemName, systemInfo } from './systems';

export const MATRIX_ENV = 'QUADCTL_E2E_MATRIX';

function matrix(): SystemName[] {
  const listed = (process.env[MATRIX_ENV] ?? '').split(',').filter(isSystemName);
  return listed.length > 0 ? listed : [systemInfo().name];
}

export default function globalSetup(): void {
  const current = systemInfo();
  const missing: Partial<Record<SystemName, string[]>> = {};
  for (const name of matrix()) {
    const m = missingPrerequisites(process.env.PATH, systemInfo(name));
    if (m.length > 0) missing[name] = m;
  }
  const required = process.env[REQUIRED_ENV] === 'required';
  if (Object.keys(missing).length > 0 && !required && !process.env[SKIP_REPORTED_ENV]) {
    process.stderr.write(`${skipLine(missing)}\n`);
    process.env[SKIP_REPORTED_ENV] = '1';
  }
  if (current.suite !== null && missingPrerequisites(process.env.PATH, current).length === 0) {
    ensureRootfs(current, (line) => process.stderr.write(`${line}\n`));
  }
}
