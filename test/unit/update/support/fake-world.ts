// A fake host for the update engine: images with tags, units whose image comes
// from a base reference or a drop-in, containers that behave by image. Only
// the boundary (Podman, systemd, the history file) is faked; the engine runs as is.
import type { CheckResult } from '../../../../src/registry/check';
import type { CheckQuestion, ContainerFacts, EnginePorts, HistoryRecord, ImageFacts, Probe, ProbeResult, RestartOutcome } from '../../../../src/update';
import { foldRecords, parseRecords, parseState, serializeState, type UpdaterState } from '../../../../src/update';

export type Behaviour = 'healthy' | 'exits' | 'unhealthy' | 'probe-fails' | 'probe-hangs' | 'restart-loop';

export interface FakeImage {
  id: string;
  digest: string;
  behaviour: Behaviour;
  healthcheck?: boolean;
}

export interface FakeUnit {
  name: string;
  container: string;
  image: string;
  labels: Record<string, string>;
  pod?: string;
  dependsOn?: string[];
}

export class FakeWorld {
  images = new Map<string, FakeImage>();
  /** repo:tag → image ID (local storage). */
  tags = new Map<string, string>();
  /** Registry content: repo@digest and repo:tag → image (what a pull would fetch). */
  remote = new Map<string, FakeImage>();
  units = new Map<string, FakeUnit>();
  /** Pod ID → the unit that runs it (its infra container carries that unit's label). */
  podUnits = new Map<string, string>();
  dropIns = new Map<string, string>();
  handWritten = new Set<string>();
  stateText = '';
  running = new Map<string, string>(); // unit → image ID it runs ('' = down)
  lines: string[] = [];
  log: string[] = [];
  clock = 1_000_000;
  ids = 0;
  /** Throws once when a named step is reached, simulating kill -9 there. */
  crashAt: string | null = null;
  failPull = false;
  /** Pulls of references containing this fail (one image's registry trouble). */
  failPullOf: string | null = null;
  /** Restarts in flight now, and the most seen at once (each restart yields to the event loop). */
  inFlight = 0;
  maxInFlight = 0;
  /** The state directory fills up: from this record on (a step name, or 'begin'), every record fails with ENOSPC. */
  fullFrom: string | null = null;
  private full = false;
  /** A private registry: only credentials from this auth file are accepted, by the check and by the pull. */
  privateWith: string | null = null;
  checks: (req: CheckQuestion) => CheckResult = (req) =>
    this.privateWith !== null && req.authFile !== this.privateWith
      ? { reference: req.reference, policy: req.policy, error: `no credentials for localhost:5000 in ${req.authFile ?? '/run/containers/0/auth.json'}` }
      : { reference: req.reference, policy: req.policy, currentDigest: this.remoteDigest(req.reference) };
  removed: string[] = [];
  /** The limit each probe attempt was given (ms). */
  probeLimits: number[] = [];
  /** How each healthy restart's settle window ended. */
  settles: string[] = [];

  state(): UpdaterState {
    return parseState(this.stateText, 'state');
  }

  addImage(img: FakeImage, ...refs: string[]): void {
    this.images.set(img.id, img);
    for (const r of refs) this.tags.set(r, img.id);
  }

  publish(img: FakeImage, ref: string): void {
    this.remote.set(ref, img);
    this.remote.set(`${ref.replace(/:[^:/]*$/, '')}@${img.digest}`, img);
  }

  remoteDigest(ref: string): string | undefined {
    return this.remote.get(ref)?.digest;
  }

  addUnit(u: FakeUnit): void {
    this.units.set(u.name, u);
    this.running.set(u.name, this.tags.get(u.image) ?? '');
  }

  configuredImage(unit: string): string {
    const drop = this.dropIns.get(unit);
    const m = drop ? /image=(\S+)/.exec(drop) : null;
    return m ? m[1] : (this.units.get(unit)?.image ?? '');
  }

  history() {
    return foldRecords(parseRecords(this.lines.join('\n')).records);
  }

  /** Set by a simulated kill -9: from then on nothing the dead process does reaches the world. */
  dead = false;

  private maybeCrash(point: string): void {
    if (this.crashAt === point) {
      this.crashAt = null;
      this.dead = true;
      throw new Error(`CRASH at ${point}`);
    }
  }

  /** Every port call of a killed run fails, as nothing runs after kill -9. */
  private guard<T extends object>(obj: T): T {
    for (const [k, v] of Object.entries(obj)) {
      if (typeof v === 'function') {
        (obj as Record<string, unknown>)[k] = async (...args: unknown[]) => {
          if (this.dead) throw new Error('CRASH: the process is dead');
          return (v as (...a: unknown[]) => unknown)(...args);
        };
      } else if (typeof v === 'object' && v !== null) this.guard(v as object);
    }
    return obj;
  }

  containerFacts(unit: string): ContainerFacts | null {
    const u = this.units.get(unit);
    const id = this.running.get(unit);
    if (!u || !id) return null;
    const img = this.images.get(id);
    return {
      id: `ctr-${unit}`,
      name: u.container,
      imageName: this.configuredImage(unit),
      imageId: id,
      labels: { PODMAN_SYSTEMD_UNIT: unit, ...u.labels },
      state: 'running',
      pod: u.pod ?? '',
      hasHealthcheck: img?.healthcheck ?? false,
    };
  }

  ports(): EnginePorts {
    this.dead = false;
    const ports = this.rawPorts();
    const sync = { now: ports.now, newId: ports.newId, progress: ports.progress };
    return { ...this.guard(ports), ...sync };
  }

  private rawPorts(): EnginePorts {
    const imageFacts = (img: FakeImage): ImageFacts => ({
      id: img.id,
      digest: img.digest,
      repoTags: [...this.tags].filter(([, id]) => id === img.id).map(([t]) => t),
      repoDigests: [...this.remote].filter(([k, v]) => k.includes('@') && v.id === img.id).map(([k]) => k),
    });
    return {
      images: {
        pull: async (ref, options) => {
          this.log.push(`pull ${ref}${options?.authFile ? ` --authfile ${options.authFile}` : ''}`);
          if (this.failPull || (this.failPullOf !== null && ref.includes(this.failPullOf))) throw new Error('manifest unknown');
          if (this.privateWith !== null && options?.authFile !== this.privateWith) throw new Error('unauthorized: authentication required');
          const img = this.remote.get(ref);
          if (!img) throw new Error(`no ${ref} in the registry`);
          this.images.set(img.id, img);
          this.maybeCrash('after-pull');
          return { imageId: img.id };
        },
        inspect: async (ref) => {
          const byDigest = ref.includes('@') ? [...this.images.values()].find((i) => ref.endsWith(`@${i.digest}`)) : undefined;
          const img = this.images.get(ref) ?? this.images.get(this.tags.get(ref) ?? '') ?? byDigest;
          return img ? imageFacts(img) : null;
        },
        tag: async (id, ref) => {
          this.log.push(`tag ${ref} ${id}`);
          this.tags.set(ref, id);
        },
      },
      config: {
        read: async (unit) => ({ dropIn: this.dropIns.get(unit) ?? null }),
        origin: async (unit) => (this.handWritten.has(unit) ? 'hand-written' : 'generated'),
        switchImage: async (unit, from, to) => {
          this.log.push(`switch ${unit} ${from} -> ${to}`);
          this.dropIns.set(unit, `image=${to}`);
        },
        restore: async (unit, state) => {
          const before = this.dropIns.get(unit) ?? null;
          if (state.dropIn === null) this.dropIns.delete(unit);
          else this.dropIns.set(unit, state.dropIn);
          this.log.push(`restore ${unit} ${state.dropIn ?? '(none)'}`);
          return before !== state.dropIn;
        },
      },
      units: {
        restart: async (unit, settle, via): Promise<RestartOutcome> => {
          const id = this.tags.get(this.configuredImage(unit)) ?? '';
          this.log.push(`restart ${unit}${via ? ` via ${via}` : ''} on ${id}`);
          this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
          await new Promise((r) => setTimeout(r, 1));
          this.inFlight--;
          this.running.set(unit, id);
          this.maybeCrash('after-restart');
          const behaviour = this.images.get(id)?.behaviour ?? 'exits';
          if (behaviour === 'exits') {
            this.running.set(unit, '');
            return { healthy: false, detail: 'the unit stopped: failed/failed (result exit-code), main process exited with status 1', journal: ['web: boom'] };
          }
          if (behaviour === 'restart-loop') return { healthy: false, detail: 'systemd restarted the unit 1 time(s)', journal: ['restarting'] };
          // As the systemd adapter does: evidence gathered while watching ends the window early.
          const early = settle.evidence ? await settle.evidence() : false;
          this.settles.push(early ? `evidence after ${settle.minMs} ms` : `window ${settle.windowMs} ms`);
          return { healthy: true, detail: 'job done; stayed active', journal: [] };
        },
        start: async (unit) => {
          this.log.push(`start ${unit}`);
        },
      },
      containers: {
        ofUnit: async (unit) => this.containerFacts(unit),
        healthcheck: async (cid): Promise<ProbeResult> => {
          const unit = cid.replace(/^ctr-/, '');
          const ok = this.images.get(this.running.get(unit) ?? '')?.behaviour !== 'unhealthy';
          return { ok, detail: ok ? 'healthy' : 'unhealthy' };
        },
        probe: async (_p: Probe, cid, timeoutMs): Promise<ProbeResult> => {
          const unit = cid.replace(/^ctr-/, '');
          this.probeLimits.push(timeoutMs);
          if (this.images.get(this.running.get(unit) ?? '')?.behaviour === 'probe-hangs') {
            this.clock += timeoutMs; // hangs until the adapter stops it at its limit
            return { ok: false, detail: `timed out: no result within ${timeoutMs / 1000} s; the command was killed` };
          }
          const ok = this.images.get(this.running.get(unit) ?? '')?.behaviour !== 'probe-fails';
          return { ok, detail: ok ? 'HTTP 200' : 'HTTP 503' };
        },
      },
      record: async (r: HistoryRecord) => {
        if (r.type === 'step') this.maybeCrash(`record-${r.step}`);
        if (this.fullFrom !== null && (r.type === this.fullFrom || (r.type === 'step' && r.step === this.fullFrom))) this.full = true;
        if (this.full) throw Object.assign(new Error('cannot write /var/lib/quadctl/history.jsonl: the file system is full (ENOSPC)'), { code: 'ENOSPC' });
        this.lines.push(JSON.stringify(r));
      },
      now: () => this.clock,
      sleep: async (ms) => {
        this.clock += ms;
      },
      newId: () => `txn${String(++this.ids).padStart(4, '0')}`,
      progress: () => undefined,
      discover: async () => {
        const containers = [...this.units.keys()].map((u) => this.containerFacts(u)).filter((c): c is ContainerFacts => c !== null);
        for (const [pod, unit] of this.podUnits) {
          containers.push({ id: `infra-${pod}`, name: `${pod}-infra`, imageName: 'localhost/podman-pause:5', imageId: hex('9'), labels: { PODMAN_SYSTEMD_UNIT: unit }, state: 'running', pod, isInfra: true, hasHealthcheck: false });
        }
        const images = new Map<string, ImageFacts>();
        for (const c of containers) {
          const img = this.images.get(c.imageId);
          if (img) images.set(img.id, imageFacts(img));
        }
        return { containers, images };
      },
      check: async (reqs) => reqs.map((r) => this.checks(r)),
      history: async () => this.history(),
      dependencies: async (units) => new Map(units.map((u) => [u, this.units.get(u)?.dependsOn ?? []])),
      removeImage: async (id) => {
        this.removed.push(id);
      },
      state: {
        read: async () => this.state(),
        update: async (change) => {
          const next = change(this.state());
          this.stateText = serializeState(next);
          return next;
        },
      },
    };
  }
}

export const hex = (c: string): string => c.repeat(64);
export const dig = (c: string): string => `sha256:${hex(c)}`;
