// The installed folder for the chosen target, and the plan for it (shared by diff and apply).
import { planDir, type DirPlan } from '../../adapters/fs/unit-dir';
import { type Rendered, unitDir } from './config-common';

export function planFor(r: Rendered, user: boolean, dirOverride: string | undefined): DirPlan {
  const dir = dirOverride ?? unitDir(r.target, user);
  const desired = r.result.files.map((f) => ({
    name: f.name,
    content: 'content' in f ? f.content : undefined,
    link: 'link' in f ? f.link : undefined,
    service: f.service,
  }));
  return planDir(dir, desired, r.source);
}
