/**
 * What a transaction needs from the world, as narrow interfaces. The CLI wires
 * them to Podman (src/adapters/podman), systemd over D-Bus
 * (src/adapters/systemd), the history file (src/adapters/history); unit tests
 * wire them to fakes. Nothing here does I/O itself.
 */
import type { ContainerFacts, ImageFacts } from './inspect-types';
import type { ConfigState, HistoryRecord } from './history';
import type { HookResult } from './hooks';
import type { UnitOrigin } from './image-switch';
import type { Probe, ProbeResult } from './probe';

export interface ImagePort {
  /** Pull by digest (restoring: the previous image for a rollback, which no run deadline may stop) (`repo@sha256:…`), with the container's auth file when it has one; resolves to the local image ID. */
  pull(reference: string, options?: { authFile?: string; restoring?: boolean }): Promise<{ imageId: string }>;
  /** The local image a reference or ID names, or null. */
  inspect(reference: string): Promise<ImageFacts | null>;
  /** Point `reference` (repo:tag) at `imageId`; the image it named before is kept. */
  tag(imageId: string, reference: string): Promise<void>;
}

export interface ConfigPort {
  /** The one file a switch changes (the generated unit, or quadctl's Quadlet drop-in) as it is now. */
  read(unit: string): Promise<ConfigState>;
  /** Whether quadctl generated the unit, it is a Quadlet .container, or hand-written (image-switch.ts). */
  origin(unit: string): Promise<UnitOrigin>;
  /** Make the unit run `toImage` instead of `fromImage` (image-switch.ts), and reload systemd. */
  switchImage(unit: string, fromImage: string, toImage: string): Promise<void>;
  /** Put that file back as recorded (remove it for null) and reload; true when something changed. */
  restore(unit: string, state: ConfigState): Promise<boolean>;
}

/** A restart and the settle verdict after it (restarts in the window count as failure). */
export interface RestartOutcome {
  healthy: boolean;
  /** `job done, stayed active 10000 ms` or why not, in systemd's words. */
  detail: string;
  /** The failing invocation's journal lines. */
  journal: string[];
}

/** How long a restarted unit is watched (see health-gate.ts for the rule). */
interface SettleRequest {
  /** The full window: how long the unit must stay up when there is no health evidence. */
  windowMs: number;
  /** With evidence in, the window may end here instead (never before). */
  minMs?: number;
  /**
   * Called once the restart job is done, while the unit is watched: resolves true
   * when the evidence is in (the healthcheck or probe passed or failed for good),
   * false when there is none to wait for (the full window applies).
   */
  evidence?: () => Promise<boolean>;
}

export interface UnitPort {
  /**
   * Restart `unit` and judge it over the settle window. With `via` (the pod's
   * unit of a pod member), restart that unit instead, then judge `unit` as it
   * comes back with the pod.
   */
  restart(unit: string, settle: SettleRequest, via?: string): Promise<RestartOutcome>;
  /** Last resort when a rollback did not come up: at least try to have it running. */
  start(unit: string): Promise<void>;
}

export interface ContainerPort {
  /** The running container of a unit (PODMAN_SYSTEMD_UNIT label), or null. */
  ofUnit(unit: string, name: string): Promise<ContainerFacts | null>;
  /** `podman healthcheck run`: ok on exit 0; fails (never passes) when it takes longer than timeoutMs. */
  healthcheck(containerId: string, timeoutMs: number): Promise<ProbeResult>;
  /** One attempt; fails when it takes longer than timeoutMs, and what it started is ended. */
  probe(probe: Probe, containerId: string, timeoutMs: number): Promise<ProbeResult>;
}

export interface HookPort {
  /** `/bin/sh -c command` with `env` added, killed after timeoutMs; output collected (and passed to progress as it comes). */
  run(command: string, env: Record<string, string>, timeoutMs: number, unit: string): Promise<HookResult>;
}

export interface ProgressEvent {
  unit: string;
  message: string;
  /** How much it matters in a log (journald priority names); default info. */
  level?: 'err' | 'warning' | 'info';
}

export interface Ports {
  images: ImagePort;
  config: ConfigPort;
  units: UnitPort;
  containers: ContainerPort;
  /** Absent: hooks are not run (tests that do not need them). */
  hooks?: HookPort;
  /** Appends one record durably (fsync) before resolving. */
  record(record: HistoryRecord): Promise<void>;
  now(): number;
  sleep(ms: number): Promise<void>;
  newId(): string;
  progress(event: ProgressEvent): void;
}
