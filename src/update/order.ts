import { byCodePoint } from '../text-order';

/**
 * In what order units restart. Units in the same pod, or linked by systemd
 * dependencies (Requires=, BindsTo=, Wants=, After=, …) between units being
 * updated, form one chain that runs one after another, dependencies first —
 * restarting them at once would race. Independent chains may run concurrently.
 */

/**
 * Independent chains restarted (and watched) at once by default. Measured with
 * bench/update-vs-auto-update.sh (20 units, two rounds): 2 and 4 at once were
 * 1.3–1.9× slower than 8; 20 (all at once) was no faster than 8 and puts every
 * restart on systemd and the disk at the same moment. Memory is the same for all:
 * the podman processes are bounded apart (src/adapters/podman/update-ports.ts).
 */
export const DEFAULT_RESTARTS = 8;
interface Orderable {
  unit: string;
  pod: string;
}

/** Groups items into chains; each chain lists dependencies before their dependants. */
export function orderChains<T extends Orderable>(items: readonly T[], dependsOn: ReadonlyMap<string, readonly string[]>): T[][] {
  const units = new Set(items.map((i) => i.unit));
  const parent = new Map<string, string>();
  const find = (u: string): string => {
    let root = u;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    parent.set(u, root);
    return root;
  };
  const join = (a: string, b: string): void => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  for (const u of units) parent.set(u, u);
  const byPod = new Map<string, string>();
  for (const i of items) {
    if (!i.pod) continue;
    const first = byPod.get(i.pod);
    if (first) join(first, i.unit);
    else byPod.set(i.pod, i.unit);
  }
  for (const u of units) for (const d of dependsOn.get(u) ?? []) if (units.has(d)) join(u, d);

  const chains = new Map<string, T[]>();
  for (const i of items) {
    const root = find(i.unit);
    chains.set(root, [...(chains.get(root) ?? []), i]);
  }
  return [...chains.values()].map((chain) => topological(chain, dependsOn));
}

/** Dependencies first; among independent units, by name; cycles broken by name. */
function topological<T extends Orderable>(chain: T[], dependsOn: ReadonlyMap<string, readonly string[]>): T[] {
  const inChain = new Set(chain.map((i) => i.unit));
  const done = new Set<string>();
  const out: T[] = [];
  const sorted = [...chain].sort((a, b) => byCodePoint(a.unit, b.unit));
  const visit = (item: T, path: Set<string>): void => {
    if (done.has(item.unit) || path.has(item.unit)) return;
    path.add(item.unit);
    for (const d of dependsOn.get(item.unit) ?? []) {
      if (!inChain.has(d)) continue;
      for (const dep of sorted.filter((i) => i.unit === d)) visit(dep, path);
    }
    path.delete(item.unit);
    if (!done.has(item.unit)) {
      done.add(item.unit);
      out.push(...sorted.filter((i) => i.unit === item.unit));
    }
  };
  for (const item of sorted) visit(item, new Set());
  return out;
}
