/**
 * A running sandbox: a throwaway systemd as PID 1 of its own namespaces, on an overlay
 * of the current system's / (the machine's for bookworm, a cached rootfs for the
 * Podman 5 systems), with the checkout shared read-write, and the helpers e2e suites use.
 */
import { appendFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bootLog, bootSandbox } from './boot';
import { CHECKOUT } from './checkout';
import { destroy } from './destroy';
import { pushImage as pushToRegistry, type PushContext } from './image/push-image';
import { IMAGES, type ImageSpec } from './image/spec';
import { track, untrack } from './live-sandboxes';
import { busyboxPath } from './prerequisites';
import {
  AUTH_PORT,
  type AuthRegistryInfo,
  definitions,
  endpoint,
  newCredentials,
  PLAIN_PORT,
  type RegistryInfo,
  waitForRegistry,
} from './registries';
import { type ExecOptions, type ExecResult, runInside } from './run-inside';
import { ensureRootfs } from './rootfs';
import { seedFiles, writeSeed } from './seed';
import { createStateDir, readPid, type StateDir } from './state-dir';
import { sweepSandboxes } from './sweep';
import { type SystemName, systemInfo } from './systems';
import { addUser, type SandboxUser, type UserOptions } from './users';

/** The node that runs quadctl inside: a path visible there (the checkout is shared), or `node` from PATH. */
const NODE = process.env.QUADCTL_E2E_NODE || 'node';

export interface SandboxOptions {
  /** docker-registry on 127.0.0.1:5000 inside (default true). */
  registry?: boolean;
  /** A second registry with htpasswd (bcrypt) auth on 127.0.0.1:5001 (default false). */
  authRegistry?: boolean;
  /** Paths shared read-write with the machine (default: the checkout). */
  binds?: string[];
  /** Boot + registries (default 60 s). */
  timeoutMs?: number;
}

export { CHECKOUT };

/** Env QUADCTL_E2E_TIMINGS=<file>: append one JSON line per sandbox (scripts/e2e-soak.sh reads it). */
function recordTiming(entry: Record<string, number | string>): void {
  const file = process.env.QUADCTL_E2E_TIMINGS;
  if (file) appendFileSync(file, `${JSON.stringify(entry)}\n`);
}

let sweptOnce = false;

export class Sandbox {
  /** The sandbox's systemd, as the machine numbers it. */
  readonly pid: number;
  readonly id: string;
  readonly root = CHECKOUT;
  /** The system it runs (QUADCTL_E2E_SYSTEM). */
  readonly system: SystemName;
  /** The sandbox's system bus, reachable from the jest process itself. */
  readonly busAddress: string;
  readonly registry: RegistryInfo = { host: `localhost:${PLAIN_PORT}` };
  readonly authRegistry: AuthRegistryInfo;
  /** Milliseconds from startSandbox() until systemd and the registries were ready. */
  readonly bootMs: number;
  private readonly dir: StateDir;
  private readonly push: Record<'plain' | 'auth', PushContext | null>;
  private stopped = false;

  constructor(system: SystemName, dir: StateDir, pid: number, auth: { username: string; password: string }, enabled: { plain: boolean; auth: boolean }, bootMs: number) {
    this.system = system;
    this.dir = dir;
    this.pid = pid;
    this.id = dir.id;
    this.bootMs = bootMs;
    this.busAddress = `unix:path=/proc/${pid}/root/run/dbus/system_bus_socket`;
    this.authRegistry = { host: `localhost:${AUTH_PORT}`, ...auth };
    const context = (port: number, creds?: typeof auth): PushContext => ({
      endpoint: endpoint(pid, port, creds),
      scratch: dir.path,
      busybox: busyboxPath(),
      known: new Map(),
    });
    this.push = { plain: enabled.plain ? context(PLAIN_PORT) : null, auth: enabled.auth ? context(AUTH_PORT, auth) : null };
  }

  /** `bash -c command` inside, as root, cwd `/` unless given. Never throws on a non-zero exit. */
  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    return runInside(this.pid, ['bash', '-c', command], options);
  }

  /** Like exec, but throws (with both outputs) unless the command exits 0; returns stdout. */
  async check(command: string, options: ExecOptions = {}): Promise<string> {
    const r = await this.exec(command, options);
    if (r.code !== 0) throw new Error(`exit ${r.code}: ${command}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
    return r.stdout;
  }

  /** `node bin/quadctl ...args` inside, cwd = the checkout (run `npm run build` first). `node` is $QUADCTL_E2E_NODE when set (the CI's Node matrix). */
  quadctl(args: string[], options: ExecOptions = {}): Promise<ExecResult> {
    return runInside(this.pid, [NODE, join(CHECKOUT, 'bin/quadctl'), ...args], { cwd: CHECKOUT, ...options });
  }

  /** Node inside, cwd = the checkout: a .js/.cjs/.mjs file (relative to the checkout or absolute), else CommonJS source for `node -e`. */
  node(scriptOrFile: string, options: ExecOptions = {}): Promise<ExecResult> {
    const file = resolve(CHECKOUT, scriptOrFile);
    const isFile = /\.[cm]?js$/.test(scriptOrFile) && existsSync(file);
    return runInside(this.pid, isFile ? [NODE, file] : [NODE, '-e', scriptOrFile], { cwd: CHECKOUT, ...options });
  }

  /**
   * Create an unprivileged user with a running user manager (user@UID.service) and its
   * XDG_RUNTIME_DIR, as a login would; `subids` for rootless Podman. Throws a clear error
   * when the user cannot read the checkout (or `readable` paths) it will run code from.
   */
  addUser(name: string, options: UserOptions = {}): Promise<SandboxUser> {
    return addUser((command, opts) => this.exec(command, opts), name, CHECKOUT, options);
  }

  /** Write a file in the sandbox's own / (atomically: temp file + rename), creating parent dirs. */
  async writeFile(path: string, content: string | Buffer, mode = 0o644): Promise<void> {
    const script = 'set -e; mkdir -p -- "$(dirname -- "$1")"; t=$(mktemp -- "$1.XXXXXX"); cat > "$t"; chmod "$2" "$t"; mv -f -- "$t" "$1"';
    const r = await runInside(this.pid, ['bash', '-c', script, 'bash', path, mode.toString(8)], { input: content });
    if (r.code !== 0) throw new Error(`writeFile ${path} in sandbox failed: ${r.stderr}`);
  }

  async readFile(path: string): Promise<string> {
    const r = await runInside(this.pid, ['cat', '--', path]);
    if (r.code !== 0) throw new Error(`readFile ${path} in sandbox failed: ${r.stderr}`);
    return r.stdout;
  }

  /** The unit's journal since boot (short-precise). */
  async journal(unit: string, lines = 300): Promise<string> {
    // --sync first: what the unit just logged is then in the answer.
    const script = 'journalctl --sync; exec journalctl --no-pager -o short-precise -n "$2" -u "$1"';
    const r = await runInside(this.pid, ['bash', '-c', script, 'bash', unit, String(lines)]);
    return r.stdout + r.stderr;
  }

  /** `systemctl start UNIT`; a unit that fails to start throws with its journal's last lines first. */
  async startUnit(unit: string): Promise<void> {
    const r = await runInside(this.pid, ['systemctl', 'start', '--', unit]);
    if (r.code === 0) return;
    throw new Error(`${unit} failed to start:\n${(await this.journal(unit, 12)).trimEnd()}\n--- systemctl start\n${r.stderr}`);
  }

  /**
   * Wait until the unit's ActiveState is `state` (e.g. 'active', 'failed', 'inactive'),
   * or ActiveState/SubState for `state` like 'active/running'. Throws with the unit's
   * status and journal on timeout.
   */
  async waitForUnit(unit: string, state: string, timeoutMs = 30_000): Promise<void> {
    const script = `deadline=$((SECONDS + ${Math.ceil(timeoutMs / 1000)}))
      while :; do
        s=$(systemctl show -P ActiveState -- "$1")/$(systemctl show -P SubState -- "$1")
        case "$2" in */*) [ "$s" = "$2" ] && exit 0;; *) [ "\${s%%/*}" = "$2" ] && exit 0;; esac
        [ $SECONDS -ge $deadline ] && { echo "$s"; exit 1; }
        sleep 0.1
      done`;
    const r = await runInside(this.pid, ['bash', '-c', script, 'bash', unit, state], { timeoutMs: timeoutMs + 5000 });
    if (r.code === 0) return;
    const status = await runInside(this.pid, ['systemctl', 'status', '--no-pager', '-l', '-n', '0', '--', unit]);
    throw new Error(`${unit} did not become ${state} within ${timeoutMs} ms (last: ${r.stdout.trim() || r.stderr.trim()})\n--- systemctl status\n${status.stdout}${status.stderr}\n--- journal\n${await this.journal(unit)}`);
  }

  /**
   * Wait until systemd's job queue is empty. `systemctl restart X` returns when X's own
   * job is done; the restarts it propagates to units that Require X are still running.
   */
  async waitForJobs(timeoutMs = 60_000): Promise<void> {
    const script = `deadline=$((SECONDS + ${Math.ceil(timeoutMs / 1000)}))
      while [ -n "$(systemctl list-jobs --no-legend)" ]; do
        [ $SECONDS -ge $deadline ] && { systemctl list-jobs --no-pager; exit 1; }
        sleep 0.1
      done`;
    const r = await runInside(this.pid, ['bash', '-c', script], { timeoutMs: timeoutMs + 5000 });
    if (r.code !== 0) throw new Error(`systemd jobs still queued after ${timeoutMs} ms:\n${r.stdout}${r.stderr}`);
  }

  /**
   * GET `url` from inside the sandbox (its loopback) until it answers 2xx; returns the
   * body. A container is "started" a moment before its server listens, so poll like this
   * rather than fetching once. Throws with curl's last error after `timeoutMs`.
   */
  async httpGet(url: string, timeoutMs = 15_000): Promise<string> {
    const script = `deadline=$((SECONDS + ${Math.ceil(timeoutMs / 1000)})); body=$(mktemp); err=$(mktemp)
      trap 'rm -f "$body" "$err"' EXIT
      until curl -fsS --max-time 2 -o "$body" -- "$1" 2>"$err"; do
        [ $SECONDS -ge $deadline ] && { cat "$err" >&2; exit 1; }
        sleep 0.1
      done
      cat "$body"`;
    const r = await runInside(this.pid, ['bash', '-c', script, 'bash', url], { timeoutMs: timeoutMs + 5000 });
    if (r.code !== 0) throw new Error(`GET ${url} inside the sandbox: no 2xx answer within ${timeoutMs} ms: ${r.stderr.trim()}`);
    return r.stdout;
  }

  /** Push a busybox image; returns its manifest digest (sha256:…). */
  async pushImage(repo: string, tag: string, spec: ImageSpec = IMAGES.idle): Promise<string> {
    const which = spec.registry ?? 'plain';
    const ctx = this.push[which];
    if (!ctx) throw new Error(`pushImage: the ${which} registry is not running (startSandbox({ ${which === 'auth' ? 'authRegistry' : 'registry'}: true }))`);
    const started = Date.now();
    const digest = await pushToRegistry(ctx, repo, tag, spec);
    recordTiming({ id: this.id, pushMs: Date.now() - started });
    return digest;
  }

  /** Push one image per tag (default: IMAGES.web(tag), so each tag answers its own version). */
  async pushSeries(repo: string, tags: string[], recipe: (tag: string) => ImageSpec = IMAGES.web): Promise<Record<string, string>> {
    const digests: Record<string, string> = {};
    for (const tag of tags) digests[tag] = await this.pushImage(repo, tag, recipe(tag));
    return digests;
  }

  /** `localhost:5000/repo:tag` (or :5001 for the auth registry), as Podman inside names it. */
  imageRef(repo: string, tag: string, registry: 'plain' | 'auth' = 'plain'): string {
    return `${registry === 'auth' ? this.authRegistry.host : this.registry.host}/${repo}:${tag}`;
  }

  /** Kill everything inside and remove all traces; safe to call more than once. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const unsharePid = readPid(this.dir, 'unshare.pid');
    const problems = await destroy(this.dir);
    untrack(this.dir);
    // unshare is this process's child: let the event loop reap it, so no zombie stays.
    for (let i = 0; i < 200 && unsharePid !== null && existsSync(`/proc/${unsharePid}`); i++) await new Promise((r) => setTimeout(r, 10));
    if (problems.length > 0) throw new Error(`sandbox ${this.id} teardown incomplete:\n${problems.join('\n')}`);
  }
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const started = Date.now();
  if (!sweptOnce) {
    sweptOnce = true;
    sweepSandboxes(); // sandboxes of jest workers that died without stopping them
  }
  const system = systemInfo();
  const lower = system.suite === null ? '/' : ensureRootfs(system, (line) => process.stderr.write(`${line}\n`)).path;
  const plain = options.registry ?? true;
  const auth = newCredentials();
  const dir = createStateDir();
  track(dir);
  try {
    writeSeed(join(dir.path, 'seed'), seedFiles(system, definitions(plain, options.authRegistry ? auth : null)));
    const timeoutMs = options.timeoutMs ?? 60_000;
    const pid = await bootSandbox(dir, lower, options.binds ?? [CHECKOUT], timeoutMs);
    const booted = Date.now();
    const waits: Promise<void>[] = [];
    if (plain) waits.push(waitForRegistry(endpoint(pid, PLAIN_PORT), timeoutMs));
    if (options.authRegistry) waits.push(waitForRegistry(endpoint(pid, AUTH_PORT, auth), timeoutMs));
    await Promise.all(waits);
    const ready = Date.now();
    recordTiming({ id: dir.id, system: system.name, bootMs: booted - started, readyMs: ready - started });
    return new Sandbox(system.name, dir, pid, auth, { plain, auth: options.authRegistry ?? false }, ready - started);
  } catch (e) {
    const log = bootLog(dir);
    await destroy(dir);
    untrack(dir);
    const error = e as Error;
    error.message += log.trim() ? `\n--- boot.log\n${log}` : '';
    throw error;
  }
}
