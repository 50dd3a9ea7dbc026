// The installed folder for the chosen target, and the plan for it (shared by diff and apply).
import { existsSync, readFileSync } from 'node:fs';
import { planDir, type DirPlan, type PlannedFile } from '../../adapters/fs/unit-dir';
import { hostEnv } from '../../adapters/fs/host-env';
import { legacyDropInPath } from '../../adapters/podman/unit-image';
import { installDir, scopeOf } from '../../paths';
import { type Config, unitService } from '../../config';
import { requestOf } from '../../render';
import { legacyDropInImages, recordResolution, type Requested, type UpdaterState } from '../../update';
import type { Rendered } from './config-common';

export interface UnitPlan extends DirPlan {
  /** Files of units that left the config: removed only with --prune, listed otherwise. */
  readonly leftConfig: readonly PlannedFile[];
}

export function planFor(r: Rendered, user: boolean, dirOverride: string | undefined, prune: boolean): UnitPlan {
  const dir = dirOverride ?? installDir(r.target, scopeOf(user), hostEnv());
  const desired = r.result.files.map((f) => ({
    name: f.name,
    content: 'content' in f ? f.content : undefined,
    link: 'link' in f ? f.link : undefined,
    service: f.service,
  }));
  const plan = planDir(dir, desired, r.source);
  return prune ? { ...plan, leftConfig: plan.remove } : { ...plan, remove: [], leftConfig: plan.remove };
}

/** The services of files that are not links, once each. */
export function servicesOf(files: readonly PlannedFile[]): string[] {
  return [...new Set(files.filter((f) => !f.isLink).map((f) => f.service).filter((s): s is string => s !== undefined))];
}

/**
 * quadctl before the updater's state wrote `UNIT.service.d/90-quadctl-image.conf`, a frozen
 * copy of ExecStart= that hid every later config change. For the config's containers it is
 * found here, its image choice carried into the state (when the config still names the
 * image it replaced), and apply deletes it.
 */
export interface LegacyDropIn {
  service: string;
  path: string;
  carried: boolean;
}

export function legacyDropIns(config: Config, user: boolean, state: UpdaterState, now: number): { state: UpdaterState; found: LegacyDropIn[] } {
  const found: LegacyDropIn[] = [];
  let next = state;
  for (const unit of config.units) {
    const requested: Requested | undefined = unit.kind === 'container' ? requestOf(unit) : undefined;
    if (!requested) continue;
    const service = unitService(unit);
    const path = legacyDropInPath(scopeOf(user), service, hostEnv());
    if (!existsSync(path)) continue;
    const images = legacyDropInImages(readFileSync(path, 'utf8'));
    const carried = images !== null && images.instead === requested.image && !next.units[service]?.resolved;
    if (carried && images) next = recordResolution(next, service, requested, { image: images.runs, digest: '', entry: 'legacy-drop-in', at: now });
    found.push({ service, path, carried });
  }
  return { state: next, found };
}
