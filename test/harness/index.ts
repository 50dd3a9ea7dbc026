/** The real-system harness e2e suites use; see CONTRACT.md. */
export { describeE2E } from './describe-e2e';
export { missingPrerequisites } from './prerequisites';
export { sweepSandboxes } from './sweep';
export { startSandbox, Sandbox, CHECKOUT, type SandboxOptions } from './sandbox';
export { useSandbox } from './use-sandbox';
export { currentSystem, testOn, type SystemName } from './systems';
export { IMAGES, type ImageSpec, type HealthOptions } from './image/spec';
export type { ExecResult, ExecOptions } from './run-inside';
export { expectExit } from './expect-exit';
export type { SandboxUser, UserOptions } from './users';
export type { RegistryInfo, AuthRegistryInfo } from './registries';
