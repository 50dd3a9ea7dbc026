// Wiring the update engine's ports to the real world: the podman CLI, systemd
// over D-Bus (src/adapters/systemd), the registry client (src/adapters/registry)
// and the history file. Commands open this once per run and close it after.
import { runHook } from '../hooks/run-hook';
import { randomBytes } from 'node:crypto';
import { type CheckResult, checkImages } from '../../registry/check';
import type { CheckQuestion, EnginePorts, ProgressEvent, RestartOutcome } from '../../update';
import type { HistoryRecord } from '../../update/history';
import { createRegistryClient, type RegistryClient } from '../registry';
import { connectSystemd, journalctlReader, type RestartReport, type Systemd } from '../systemd';
import { HistoryFile, StateFile } from '../history';
import { runHealthcheck, runProbe } from './health';
import { pullImage, removeImage, tagImage } from './images';
import { inspectImage, inspectImages, systemdContainers } from './inspect';
import { podmanRunner, type PodmanRunner } from './run';
import { resetFailed, unitConfigPort, unitDependencies, type Scope } from './unit-image';

export interface WorldOptions {
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
export function groupByAuthFile(requests: readonly CheckQuestion[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  requests.forEach((r, i) => {
    const key = r.authFile ?? '';
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  return groups;
}

/** A short sortable ID: time, then randomness, so entries list in order and never collide. */
export function newEntryId(now = Date.now()): string {
  return `${now.toString(36)}${randomBytes(3).toString('hex')}`;
}

export async function openWorld(opts: WorldOptions): Promise<World> {
  const podman = podmanRunner();
  const systemd = await connectSystemd({ scope: opts.scope, ...(opts.busAddress ? { busAddress: opts.busAddress } : {}) });
  let registry: RegistryClient | null = null;
  const journal = journalctlReader({ user: opts.scope === 'user' });
  const ports: EnginePorts = {
    images: {
      pull: (ref, pullOptions) => pullImage(podman, ref, opts.interactive, pullOptions?.authFile),
      inspect: (ref) => inspectImage(podman, ref),
      tag: (id, ref) => tagImage(podman, id, ref),
    },
    config: unitConfigPort(opts.scope, () => systemd.reload()),
    units: {
      restart: async (unit, settleMs, via) => {
        for (const u of via ? [via, unit] : [unit]) await resetFailed(opts.scope, u);
        const settle = { windowMs: settleMs, timeoutMs: opts.jobTimeoutMs ?? 300_000, journal };
        return describeRestart(await systemd.restartAndSettle(unit, via ? { ...settle, via } : settle), unit);
      },
      start: async (unit) => {
        await resetFailed(opts.scope, unit);
        await systemd.startUnit(unit);
      },
    },
    containers: {
      ofUnit: async (unit, name) => {
        const found = await systemdContainers(podman, unit);
        return found.find((c) => c.name === name) ?? found[0] ?? null;
      },
      healthcheck: (id) => runHealthcheck(podman, id),
      probe: (probe, id) => runProbe(podman, probe, id),
    },
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
    check: async (requests) => {
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
    },
    history: async () => (await opts.history.read()).entries,
    dependencies: (units) => unitDependencies(opts.scope, units),
    removeImage: (id) => removeImage(podman, id),
    state: { read: () => opts.state.read(), update: (change) => opts.state.update(change) },
  };
  return {
    ports,
    podman,
    systemd,
    async close() {
      systemd.close();
      await registry?.close();
    },
  };
}
