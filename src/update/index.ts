/**
 * The update engine (pure core). The CLI wires the ports to Podman, systemd
 * and the history file:
 *
 *   const report = await runUpdate(ports, { mode: 'apply', trigger: 'manual', concurrency: 4 });
 *   // report.plan (rows), report.outcomes (per transaction), report.verdict
 *
 * See transaction.ts for the steps of one unit's update and recovery.ts for
 * what happens after a crash.
 */
export { parseDuration } from './labels';
export { parseProbe, type Probe, type ProbeResult } from './probe';
export type { ContainerFacts, ImageFacts } from './inspect-types';
export { discoverTargets, repositoryOf, type Target } from './discovery';
export { buildPlan, checkKey, checkRequests, type CheckQuestion, type PlanRow } from './plan';
export * from './history';
export { rotateHistory, DEFAULT_HISTORY_KEEP } from './history-rotation';
export { planRecovery } from './recovery';
export { orderChains } from './order';
export { runTransaction } from './transaction';
export { runUpdate, UnknownUnitsError, recordOutcomes, type EnginePorts, type RunMode, type RunOptions, type RunReport, type RunVerdict } from './engine';
export { planManualRollback, targetFromHistory } from './manual-rollback';
export type { RestartOutcome, ProgressEvent } from './ports';
export * from './format';
export { parseSince } from './since';
export * from './resolved';
export { legacyDropInImages, rewriteGeneratedImage } from './image-switch';
export { conditionOf, type Condition } from './unit-condition';
