// A key's mapping: carried into the workload by a function, or not carried, with the reason.
import type { Decoded } from './decode';
import type { Target } from './model';

export interface RuleContext {
  readonly target: Target;
  readonly value: Decoded;
  /** Every value of the unit, for keys that only mean something together (HealthCmd and its timings). */
  readonly unit: readonly Decoded[];
  readonly refs: References;
  /** Whether the value's unit is the workload's own (the container outside a pod, or the pod), not a pod member. */
  readonly owner: boolean;
  /** The part of the value with no Kubernetes form, and why. */
  drop(reason: string): void;
  warn(message: string): void;
}

/** What other sections of the config are called in Kubernetes. */
export interface References {
  /** "base.image" / "app.build" → the image reference it pulls or builds. */
  readonly images: ReadonlyMap<string, string>;
  /** The folder relative host paths are resolved against (the config's). */
  readonly baseDir: string;
  /** Whether the manifests are for `podman kube play` (--podman). */
  readonly podman: boolean;
}

export type Rule = { readonly carry: (ctx: RuleContext) => void } | { readonly drop: string };

export const drop = (reason: string): Rule => ({ drop: reason });
export const carry = (fn: (ctx: RuleContext) => void): Rule => ({ carry: fn });

/** The container a key applies to; every container of the pod for a pod's key. */
export function containersOf(target: Target): NonNullable<Target['container']>[] {
  return target.container ? [target.container] : target.workload.containers;
}

export function lastValue(unit: readonly Decoded[], key: string): string | undefined {
  return unit.filter((d) => d.key === key && d.group !== 'Unit' && d.group !== 'Service' && d.group !== 'Install').pop()?.text;
}
