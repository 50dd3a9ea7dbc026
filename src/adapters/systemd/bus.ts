// A thin, typed layer over dbus-next for talking to one systemd instance: open the
// connection (with a timeout and a clear error), call methods with raw messages
// (no introspection round trip per object), and route systemd's signals.
import { existsSync } from 'node:fs';
import * as dbus from 'dbus-next';
import { SystemdCallError, SystemdTimeoutError, SystemdUnavailableError } from './errors';
import { socketPath } from './bus-address';

const SYSTEMD = 'org.freedesktop.systemd1';
export const MANAGER_PATH = '/org/freedesktop/systemd1';
export const MANAGER = 'org.freedesktop.systemd1.Manager';
export const PROPERTIES = 'org.freedesktop.DBus.Properties';

interface CallSpec {
  path: string;
  iface: string;
  member: string;
  signature?: string;
  body?: unknown[];
}

export interface Signal {
  /** Arrival order on this connection: lets callers tell which signals came after which. */
  seq: number;
  path: string;
  iface: string;
  member: string;
  body: unknown[];
}

export type SignalListener = (signal: Signal) => void;

/** One open connection to a bus that has systemd on it. */
export class SystemdBus {
  private readonly listeners = new Set<SignalListener>();
  /** Match rules of watched units, and how many watchers share each. */
  private readonly watched = new Map<string, number>();
  private closed = false;
  /** Calls waiting for a reply: closing fails them at once, and their timers go with them. */
  private readonly pending = new Set<(err: Error) => void>();
  private seq = 0;

  private constructor(
    private readonly bus: dbus.MessageBus,
    readonly address: string,
    private readonly callTimeoutMs: number,
  ) {
    bus.on('message', (msg: dbus.Message) => {
      if (msg.type !== dbus.MessageType.SIGNAL) return;
      const signal: Signal = { seq: ++this.seq, path: msg.path, iface: msg.interface, member: msg.member, body: msg.body };
      for (const l of [...this.listeners]) l(signal);
    });
  }

  /** Connect, check systemd answers, and subscribe to its signals. */
  static async open(address: string, timeoutMs: number): Promise<SystemdBus> {
    const path = socketPath(address);
    if (path !== null && !existsSync(path)) {
      throw new SystemdUnavailableError(`cannot reach systemd: no D-Bus socket at ${path} (is systemd, with its D-Bus, running here?)`, address);
    }
    const raw = dbus.sessionBus({ busAddress: address });
    await waitConnected(raw, address, timeoutMs);
    const bus = new SystemdBus(raw, address, Math.max(timeoutMs, 30_000));
    try {
      // Ask the bus instead of calling systemd blindly: a call would try D-Bus
      // activation of systemd1 on a session bus and fail with a confusing spawn error.
      const owned = await bus.waitForSystemd(timeoutMs);
      if (!owned) throw new SystemdUnavailableError(`the bus at ${address} has no systemd on it (no owner of ${SYSTEMD}); is the ${address.includes('/user/') ? 'user manager (user@UID.service)' : 'service manager'} running?`, address);
      // Signals reach us only with a match rule. Not one for everything systemd sends:
      // with Subscribe() that is every unit's every change, and Podman's healthcheck
      // timers start a transient unit per container per interval, so an update run
      // would parse thousands of signals it never reads (CPU and memory, issue 19).
      // Here only JobRemoved; a unit's PropertiesChanged while someone watches it (watchUnit).
      await bus.addMatch(`type='signal',sender='${SYSTEMD}',path='${MANAGER_PATH}',interface='${MANAGER}',member='JobRemoved'`);
      // Without Subscribe(), systemd sends no job or unit signals to clients.
      await bus.call({ path: MANAGER_PATH, iface: MANAGER, member: 'Subscribe' });
    } catch (err) {
      bus.close();
      if (err instanceof SystemdCallError && /ServiceUnknown|NameHasNoOwner/.test(err.dbusName)) {
        throw new SystemdUnavailableError(`the bus at ${address} has no systemd on it (${err.dbusName})`, address);
      }
      throw err;
    }
    return bus;
  }

  /**
   * Whether systemd owns its name on this bus, waiting up to `timeoutMs` for it. A
   * user manager joins its bus only once dbus.service runs, and a socket-activated
   * user bus starts on the first client's connection (ours): for a moment after a
   * login the bus is up and systemd not yet on it.
   */
  private async waitForSystemd(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [owned] = await this.call({ path: '/org/freedesktop/DBus', iface: 'org.freedesktop.DBus', member: 'NameHasOwner', signature: 's', body: [SYSTEMD] }, 'org.freedesktop.DBus');
      if (owned === true) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The sequence number the next signal will get. */
  get nextSeq(): number {
    return this.seq + 1;
  }

  /**
   * Receive PropertiesChanged of the unit at `path` until the returned function is
   * called. Resolves once the bus has the rule, so a change after that is not missed.
   * Counted per path: several watchers of one unit share one rule.
   */
  async watchUnit(path: string): Promise<() => void> {
    const rule = `type='signal',sender='${SYSTEMD}',path='${path}',interface='${PROPERTIES}',member='PropertiesChanged'`;
    const count = this.watched.get(rule) ?? 0;
    this.watched.set(rule, count + 1);
    if (count === 0) {
      try {
        await this.addMatch(rule);
      } catch (err) {
        this.watched.delete(rule);
        throw err;
      }
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.watched.get(rule) ?? 1) - 1;
      if (left > 0) return void this.watched.set(rule, left);
      this.watched.delete(rule);
      // Nothing waits on this: a closed connection drops its rules anyway.
      if (!this.closed) this.busCall('RemoveMatch', rule).catch(() => undefined);
    };
  }

  private addMatch(rule: string): Promise<unknown[]> {
    return this.busCall('AddMatch', rule);
  }

  private busCall(member: 'AddMatch' | 'RemoveMatch', rule: string): Promise<unknown[]> {
    return this.call({ path: '/org/freedesktop/DBus', iface: 'org.freedesktop.DBus', member, signature: 's', body: [rule] }, 'org.freedesktop.DBus');
  }

  onSignal(listener: SignalListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Call a method and return the reply's body; D-Bus errors become SystemdCallError. */
  async call(spec: CallSpec, destination = SYSTEMD, timeoutMs = this.callTimeoutMs): Promise<unknown[]> {
    if (this.closed) throw new SystemdUnavailableError('the D-Bus connection is closed', this.address);
    const msg = new dbus.Message({
      destination,
      path: spec.path,
      interface: spec.iface,
      member: spec.member,
      signature: spec.signature ?? '',
      body: spec.body ?? [],
    });
    let timer: NodeJS.Timeout | undefined;
    let abandon: (err: Error) => void = () => {};
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new SystemdTimeoutError(spec.member, timeoutMs)), timeoutMs);
      abandon = reject;
    });
    // A reply that comes after close() never resolves dbus-next's promise: without this the
    // call waits its whole timeout, and its timer keeps the process alive that long (a
    // RemoveMatch still in flight at close() held a library user's process for 30 s).
    this.pending.add(abandon);
    try {
      const reply = await Promise.race([this.bus.call(msg), timeout]);
      return reply?.body ?? [];
    } catch (err) {
      if (err instanceof dbus.DBusError) throw new SystemdCallError(spec.member, err.type, err.text ?? err.message);
      throw err;
    } finally {
      clearTimeout(timer);
      this.pending.delete(abandon);
    }
  }

  /** All properties of one interface of an object, values unwrapped from their variants. */
  async getAll(path: string, iface: string): Promise<Record<string, unknown>> {
    const [dict] = await this.call({ path, iface: PROPERTIES, member: 'GetAll', signature: 's', body: [iface] });
    return unwrapVariants(dict);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    for (const abandon of [...this.pending]) abandon(new SystemdUnavailableError('the D-Bus connection was closed before systemd answered', this.address));
    this.bus.disconnect();
  }
}

export function unwrapVariants(dict: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (dict && typeof dict === 'object') {
    for (const [k, v] of Object.entries(dict)) out[k] = v instanceof dbus.Variant ? v.value : v;
  }
  return out;
}

/**
 * Every way a connection can fail reads the same up to the cause ("cannot connect to
 * the D-Bus bus at ADDRESS: …"): a refused handshake can arrive either before or after
 * the timeout, depending on load, and users and scripts should not see two stories.
 */
function waitConnected(bus: dbus.MessageBus, address: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      bus.disconnect();
      reject(new SystemdUnavailableError(`cannot connect to the D-Bus bus at ${address}: no answer within ${timeoutMs} ms`, address));
    }, timeoutMs);
    bus.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    // Keep one listener for the connection's life: an 'error' without a listener
    // would crash the process (EventEmitter semantics).
    bus.on('error', (err: unknown) => {
      clearTimeout(timer);
      const why = err instanceof Error ? err.message : String(err);
      reject(new SystemdUnavailableError(`cannot connect to the D-Bus bus at ${address}: ${why}`, address));
    });
  });
}
