/**
 * jest globalSetup: say once per run (not once per worker) that the real-system tests
 * will be skipped, and why; the workers inherit QUADCTL_E2E_SKIP_REPORTED and stay quiet.
 */
import { REQUIRED_ENV, SKIP_REPORTED_ENV, skipLine } from './describe-e2e';
import { missingPrerequisites } from './prerequisites';

export default function globalSetup(): void {
  const missing = missingPrerequisites();
  if (missing.length === 0 || process.env[REQUIRED_ENV] === 'required') return;
  process.stderr.write(`${skipLine(missing)}\n`);
  process.env[SKIP_REPORTED_ENV] = '1';
}
