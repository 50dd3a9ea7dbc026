// Public API of the systemd adapter (D-Bus via dbus-next).
//
//   const sd = await connectSystemd({ scope: 'system' });          // or 'user'
//   try {
//     await sd.reload();                                           // returns once reloaded
//     const r = await sd.restartAndSettle('web.service', { windowMs: 10_000, timeoutMs: 120_000 });
//     // r.job.result: 'done' | 'failed' | 'timeout' | …; r.healthy; r.settle?.verdict
//     // r.settle.verdict === 'failed' → r.settle.reason, .detail, .journal (lines of that invocation)
//     // job not 'done' → r.state (e.g. result 'timeout') and r.journal say why
//     await sd.resetFailed('web.service');                         // before a rollback restart
//   } finally { sd.close(); }
//
// Also: startUnit/stopUnit/restartUnit/tryRestartUnit (JobOutcome), startAndSettle({method}),
// settle(unit), getUnitState(unit), getUnitSources(unit), getDependencies(units), enableUnitFiles/disableUnitFiles/linkUnitFiles,
// getUnitFileState, timerStatus. Timer install/remove: ./timer-install (used by `quadctl timer`).
//
// Or withSystemd(opts, (sd) => …) which always closes. Errors: SystemdUnavailableError
// (no bus / no systemd on it), SystemdCallError (systemd refused: unknown unit, …),
// SystemdTimeoutError (no answer in time).
export { Systemd, connectSystemd, withSystemd } from './client';
export { SystemdUnavailableError } from './errors';
export { journalctlReader } from './journal';
export type {
  JournalReader,
  RestartReport,
  TimerStatus,
} from './types';
