/**
 * The health gate after a restart. All must hold:
 *   1. the restart job ended `done` and the unit stayed active through the
 *      settle window without systemd restarting it (Restart=always must not
 *      hide a crash loop) — judged by the systemd adapter, passed in here;
 *   2. the unit's container runs the image we switched to;
 *   3. Podman's healthcheck passes, when the container has one;
 *   4. the policy's probe passes, when there is one.
 * 3 and 4 are retried until they pass or the health timeout ends, because a
 * service may need a moment after its process starts. Each attempt is limited
 * to what is left of the health timeout (and ATTEMPT_MAX_MS): an attempt that
 * hangs fails when the time is up — it never passes.
 *
 * When the window ends (docs/rollback.md, "When the gate ends"): 2–4 are the
 * evidence, gathered while the unit is watched, from the moment the restart job
 * is done. A unit with a health signal (a healthcheck, Notify=healthy — which
 * implies one — or a probe) is done once its evidence is in and it has stayed up
 * for MIN_SETTLE_MS; only a unit with no health signal waits the full window.
 */
import type { ContainerFacts } from './inspect-types';
import type { Ports, RestartOutcome } from './ports';
import { describeProbe, type Probe, type ProbeResult } from './probe';

const DEFAULT_HEALTH_TIMEOUT_MS = 60_000;
const PROBE_INTERVAL_MS = 1_000;
const ATTEMPT_MAX_MS = 30_000;
/** The shortest watch after a restart when health evidence is in: a crash right after start still shows. */
export const MIN_SETTLE_MS = 2_000;
const ATTEMPT_MIN_MS = 1_000;

export type GateResult = { ok: true; detail: string } | { ok: false; detail: string; journal: string[] };

/** What the restarted container showed: `signal` false when it has nothing to show (no healthcheck, no probe). */
export type Evidence = { ok: true; signal: boolean; passed: string[] } | { ok: false; detail: string };

/** Set when the gate no longer needs the evidence (the unit already failed): attempts stop. */
export interface Cancel {
  stopped: boolean;
}

async function retryUntil(ports: Ports, deadline: number, cancel: Cancel, attempt: (timeoutMs: number) => Promise<ProbeResult>): Promise<ProbeResult> {
  let last: ProbeResult = { ok: false, detail: 'not tried' };
  for (;;) {
    last = await attempt(Math.max(ATTEMPT_MIN_MS, Math.min(ATTEMPT_MAX_MS, deadline - ports.now())));
    if (last.ok || cancel.stopped || ports.now() + PROBE_INTERVAL_MS > deadline) return last;
    await ports.sleep(PROBE_INTERVAL_MS);
  }
}

interface EvidenceInput {
  unit: string;
  containerName: string;
  /** The image ID the unit must now run. */
  imageId: string;
  probe?: Probe;
  timeoutMs?: number;
}

interface GateInput extends EvidenceInput {
  restart: RestartOutcome;
}

/** 2–4 above, once the restart job is done. */
export async function gatherEvidence(ports: Ports, input: EvidenceInput, cancel: Cancel = { stopped: false }): Promise<Evidence> {
  const container: ContainerFacts | null = await ports.containers.ofUnit(input.unit, input.containerName);
  if (!container) return { ok: false, detail: `no running container for ${input.unit} after the restart` };
  if (input.imageId && container.imageId !== input.imageId) {
    return { ok: false, detail: `${input.unit} runs image ${container.imageId.slice(0, 12)}, not ${input.imageId.slice(0, 12)}` };
  }
  const deadline = ports.now() + (input.timeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS);
  const passed: string[] = [];
  if (container.hasHealthcheck) {
    const hc = await retryUntil(ports, deadline, cancel, (ms) => ports.containers.healthcheck(container.id, ms));
    if (!hc.ok) return { ok: false, detail: `podman healthcheck failed: ${hc.detail}` };
    passed.push('healthcheck passed');
  }
  if (input.probe) {
    const probe = input.probe;
    const pr = await retryUntil(ports, deadline, cancel, (ms) => ports.containers.probe(probe, container.id, ms));
    if (!pr.ok) return { ok: false, detail: `probe ${describeProbe(probe)} failed: ${pr.detail}` };
    passed.push(`probe ${describeProbe(probe)}: ${pr.detail}`);
  }
  return { ok: true, signal: passed.length > 0, passed };
}

/** The verdict: the settle window's, then the evidence (gathered during the window, or now). */
export async function healthGate(ports: Ports, input: GateInput, evidence?: Promise<Evidence>): Promise<GateResult> {
  if (!input.restart.healthy) return { ok: false, detail: input.restart.detail, journal: input.restart.journal };
  const e = await (evidence ?? gatherEvidence(ports, input));
  if (!e.ok) return { ok: false, detail: e.detail, journal: [] };
  return { ok: true, detail: [input.restart.detail, ...e.passed].join('; ') };
}
