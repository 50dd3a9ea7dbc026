import { type Sandbox, type SandboxOptions, startSandbox } from './sandbox';

/**
 * One sandbox for the enclosing describe block: booted before its tests (then
 * `ready` runs on it: keep it, seed it), stopped after them — also when booting
 * or `ready` failed, so no sandbox outlives its suite.
 */
export function useSandbox(options: SandboxOptions, ready: (sb: Sandbox) => unknown, timeoutMs = 180_000): void {
  let sb: Sandbox | undefined;
  beforeAll(async () => {
    sb = await startSandbox(options);
    await ready(sb);
  }, timeoutMs);
  afterAll(async () => {
    await sb?.stop();
  });
}
