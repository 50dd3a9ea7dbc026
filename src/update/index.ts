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
export { LABELS, autoUpdateMode, parseAuthFileLabel, parseDuration, parseTimerLabel } from './labels';
export { parseProbe, describeProbe, type Probe, type ProbeResult } from './probe';
export type { ContainerFacts, ImageFacts } from './inspect-types';
export { discoverTargets, repositoryOf, type Target, type HealthSettings, type UpdateMode } from './discovery';
export { buildPlan, checkKey, checkRequests, type Action, type Candidate, type CheckQuestion, type PlanRow, type Trigger } from './plan';
export * from './history';
export { rotateHistory, DEFAULT_HISTORY_KEEP, type Rotation } from './history-rotation';
export { planRecovery, type RecoveryPlan } from './recovery';
export { orderChains, DEFAULT_RESTARTS } from './order';
export { healthGate, DEFAULT_HEALTH_TIMEOUT_MS } from './health-gate';
export { runTransaction, resumeTransaction, beginOf, DEFAULT_SETTLE_MS, type Phase, type TxnOutcome, type TxnRequest } from './transaction';
export { runUpdate, verdictOf, UnknownUnitsError, pruneCandidates, recordOutcomes, type StatePort, type EnginePorts, type RunMode, type RunOptions, type RunReport, type RunVerdict, type Download } from './engine';
export { planManualRollback, targetFromHistory } from './manual-rollback';
export type { Ports, ImagePort, ConfigPort, UnitPort, ContainerPort, RestartOutcome, ProgressEvent, SettleRequest } from './ports';
export * from './format';
export { parseSince } from './since';
export * from './resolved';
export { stateAfter, holdReason } from './outcome-state';
export { IMAGE_DROPIN_NAME, ImageSwitchError, imageOfDropIn, legacyDropInImages, rewriteGeneratedImage, type UnitOrigin } from './image-switch';
export { conditionOf, type Condition, type SystemdView } from './unit-condition';
