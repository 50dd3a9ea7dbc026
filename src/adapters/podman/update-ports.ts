// Wiring the update engine's ports to the real world: the podman CLI, systemd
// over D-Bus (src/adapters/systemd), the registry client (src/adapters/registry)
// and the history file. Commands open this once per run and close it after.
import { runHook } from '../hooks/run-hook';
import { randomBytes } from 'node:crypto';
import { type CheckResult, checkImages } from '../../registry/check';
import type { CheckQuestion, EnginePorts, ProgressEvent, RestartOutcome } from '../../update';
import type { ContainerPort, ImagePort, UnitPort } from '../../update/ports';
import type { HistoryRecord } from '../../update/history';
import { createRegistryClient, type RegistryClient } from '../registry';
import { connectSystemd, journalctlReader, type RestartReport, type Systemd } from '../systemd';
import { HistoryFile, StateFile } from '../history';
import { runHealthcheck, runProbe } from './health';
import { DEFAULT_PULL_LIMITS, pullImage, removeImage, tagImage, type PullLimits } from './images';
import { batched } from './batch';
import { inspectContainersFound, inspectImage, inspectImages, systemdContainers } from './inspect';
import { limitedRunner, podmanRunner, type PodmanRunner } from './run';
import { unitConfigPort } from './unit-image';
import { hostEnv } from '../fs/host-env';
import type { Scope } from '../../paths';

/**
 * Podman processes of a run at once, in two lanes: pulls, and everything else
 * (inspections, tags, healthchecks, exec probes). Each process holds 40–70 MiB;
 * one per lane keeps a run's memory near podman auto-update's and, measured, costs
 * no wall time: the gates' container lookups go in batches, and pulls all end
 * before the first restart. The lanes are apart so that a long pull (a unit with a
 * pre-hook pulls in its own turn) never holds back another unit's health checks,
 * whose time runs while they wait (bench/update-vs-auto-update.sh).
 */
const PODMAN_PROCESSES = 1;

interface WorldOptions {
  scope: Scope;
  history: HistoryFile;
  state: StateFile;
  /** Podman's own pull progress on the terminal. */
  interactive: boolean;
  progress: (event: ProgressEvent) => void;
  /** Registry requests in flight at most. */
  concurrency: number;
  /** D-Bus address override (tests); default: the scope's bus. */
  busAddress?: string;
  /** Our limit on one restart job (ms). */
  jobTimeoutMs?: number;
  /** A pull's stall limit and the run's pull deadline. */
  pullLimits?: PullLimits;
}

export interface World {
  ports: EnginePorts;
  podman: PodmanRunner;
  systemd: Systemd;
  close(): Promise<void>;
}

function describeRestart(r: RestartReport, unit: string): RestartOutcome {
  if (r.job.result !== 'done') {
    const st = r.state;
    const which = r.job.unit !== unit ? ` of ${r.job.unit}` : '';
    return { healthy: false, detail: `restart job${which} ended ${r.job.result}${st ? ` (unit ${st.activeState}/${st.subState}, result ${st.result})` : ''}`, journal: r.journal ?? [] };
  }
  const s = r.settle;
  if (!s) return { healthy: false, detail: 'no settle verdict', journal: [] };
  if (s.verdict === 'healthy') return { healthy: true, detail: `job done, stayed active ${Math.round(s.observedMs)} ms without restarting`, journal: [] };
  return { healthy: false, detail: `job done but ${s.detail}`, journal: s.journal };
}

/** Request indexes by auth file ('' = none), in first-seen order. */
function groupByAuthFile(requests: readonly CheckQuestion[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  requests.forEach((r, i) => {
    const key = r.authFile ?? '';
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  return groups;
}

/** A short sortable ID: time, then randomness, so entries list in order and never collide. */
function newEntryId(now = Date.now()): string {
  return `${now.toString(36)}${randomBytes(3).toString('hex')}`;
}

/** Pulls, inspections and tags; the units of one image move its tag once. */
function imagePort(podman: PodmanRunner, pulling: PodmanRunner, opts: WorldOptions): ImagePort {
  const tagged = new Map<string, { id: string; done: Promise<void> }>();
  return {
    // Putting the previous image back is never cut short by the run's deadline; a stalled registry still is.
    pull: (ref, pullOptions) => {
      const limits = opts.pullLimits ?? DEFAULT_PULL_LIMITS;
      return pullImage(pulling, ref, opts.interactive, pullOptions?.authFile, pullOptions?.restoring ? { ...limits, deadline: undefined } : limits);
    },
    inspect: (ref) => inspectImage(podman, ref),
    tag: (id, ref) => {
      // Any other tag of the reference since the last one is redone.
      const last = tagged.get(ref);
      if (last?.id === id) return last.done;
      const done = tagImage(podman, id, ref);
      tagged.set(ref, { id, done });
      done.catch(() => {
        if (tagged.get(ref)?.done === done) tagged.delete(ref);
      });
      return done;
    },
  };
}

/** Restarts and starts over D-Bus, each after forgetting the unit's failed state. */
function unitPort(systemd: Systemd, opts: WorldOptions): UnitPort {
  const journal = journalctlReader({ user: opts.scope === 'user' });
  // A candidate that crash-looped under Restart=always can exhaust StartLimitBurst=; the restart
  // onto the previous image must not then be refused. A unit systemd does not know has nothing to
  // forget (resetFailed says so); any other refusal is shown, and the restart still tried: it says
  // for itself whether the unit comes up.
  const resetFailed = async (unit: string): Promise<void> => {
    await systemd.resetFailed(unit).catch((err: Error) => opts.progress({ unit, message: `could not reset its failed state: ${err.message}`, level: 'warning' }));
  };
  return {
    restart: async (unit, request, via) => {
      for (const u of via ? [via, unit] : [unit]) await resetFailed(u);
      const settle = { ...request, timeoutMs: opts.jobTimeoutMs ?? 300_000, journal };
      return describeRestart(await systemd.restartAndSettle(unit, via ? { ...settle, via } : settle), unit);
    },
    start: async (unit) => {
      await resetFailed(unit);
      await systemd.startUnit(unit);
    },
  };
}

/** A unit's running container, its healthcheck and probe. */
function containerPort(podman: PodmanRunner): ContainerPort {
  // The gates of units restarted together look up their containers together: one podman call.
  const byName = batched(async (names) => new Map((await inspectContainersFound(podman, names)).map((c) => [c.name, c])));
  return {
    ofUnit: async (unit, name) => {
      // By name first: one podman call (shared with other gates) instead of ps + inspect. The label decides.
      const named = await byName(name).catch(() => undefined);
      if (named && named.labels.PODMAN_SYSTEMD_UNIT === unit && named.state === 'running') return named;
      const found = await systemdContainers(podman, unit);
      return found.find((c) => c.name === name) ?? found[0] ?? null;
    },
    healthcheck: (id, timeoutMs) => runHealthcheck(podman, id, timeoutMs),
    probe: (probe, id, timeoutMs) => runProbe(podman, probe, id, timeoutMs),
  };
}

/** The registry check, with its client made on first use (a run with nothing to check opens none). */
function registryCheck(opts: WorldOptions): { check: EnginePorts['check']; close: () => Promise<void> } {
  let registry: RegistryClient | null = null;
  const check: EnginePorts['check'] = async (requests) => {
    registry ??= await createRegistryClient();
    const client = registry;
    const results: CheckResult[] = new Array<CheckResult>(requests.length);
    // One group per auth file, one after another, so --concurrency still bounds the requests in flight.
    for (const [authFile, indexes] of groupByAuthFile(requests)) {
      const api = authFile ? client.withAuthFile(authFile) : client.api;
      const answers = await checkImages(indexes.map((i) => requests[i]), { registry: api, registriesConf: client.registriesConf, concurrency: opts.concurrency });
      answers.forEach((answer, k) => {
        results[indexes[k]] = answer;
      });
    }
    return results;
  };
  return { check, close: async () => registry?.close() };
}

export async function openWorld(opts: WorldOptions): Promise<World> {
  const podman = limitedRunner(podmanRunner(), PODMAN_PROCESSES);
  const pulling = limitedRunner(podmanRunner(), PODMAN_PROCESSES);
  const systemd = await connectSystemd({ scope: opts.scope, ...(opts.busAddress ? { busAddress: opts.busAddress } : {}) });
  const registry = registryCheck(opts);
  const ports: EnginePorts = {
    images: imagePort(podman, pulling, opts),
    config: unitConfigPort(systemd, hostEnv()),
    units: unitPort(systemd, opts),
    containers: containerPort(podman),
    hooks: { run: (command, env, timeoutMs, unit) => runHook(command, env, timeoutMs, (line) => opts.progress({ unit, message: `hook: ${line}` })) },
    record: (r: HistoryRecord) => opts.history.append(r),
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    newId: () => newEntryId(),
    progress: opts.progress,
    discover: async () => {
      const containers = await systemdContainers(podman);
      return { containers, images: await inspectImages(podman, containers.map((c) => c.imageId)) };
    },
    check: registry.check,
    history: async () => (await opts.history.read()).entries,
    dependencies: (units) => systemd.getDependencies(units),
    removeImage: (id) => removeImage(podman, id),
    state: { read: () => opts.state.read(), update: (change) => opts.state.update(change) },
  };
  return {
    ports,
    podman,
    systemd,
    async close() {
      systemd.close();
      await registry.close();
    },
  };
}
