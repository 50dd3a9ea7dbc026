// The config port: switching a unit's image through quadctl's drop-in
// (src/update/image-dropin.ts renders it), restoring it, and systemctl queries
// the updater needs (a unit's files, its dependencies).
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { baseImageOf, DROPIN_NAME, effectiveExecStart, renderImageDropIn } from '../../update/image-dropin';
import type { ConfigState } from '../../update/history';
import type { ConfigPort } from '../../update/ports';

export type Scope = 'system' | 'user';

function systemctl(scope: Scope, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('systemctl', [...(scope === 'user' ? ['--user'] : []), ...args], { timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`systemctl ${args.join(' ')}: ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
  });
}

/** Where quadctl puts drop-ins: systemd's admin directory for the scope. */
export function dropInDir(scope: Scope, env: NodeJS.ProcessEnv = process.env): string {
  if (scope === 'system') return '/etc/systemd/system';
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'systemd', 'user');
}

export function dropInPath(scope: Scope, unit: string): string {
  return join(dropInDir(scope), `${unit}.d`, DROPIN_NAME);
}

/** `systemctl show` blocks (`Key=value` lines, units separated by a blank line). */
export function parseShow(text: string): Record<string, string>[] {
  return text
    .split(/\n\s*\n/)
    .filter((b) => b.trim())
    .map((block) => Object.fromEntries(block.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])));
}

async function unitFiles(scope: Scope, unit: string): Promise<{ path: string; text: string }[]> {
  const [props] = parseShow(await systemctl(scope, ['show', '-p', 'FragmentPath', '-p', 'DropInPaths', unit]));
  const paths = [props?.FragmentPath ?? '', ...(props?.DropInPaths ?? '').split(/\s+/)].filter(Boolean);
  if (!props?.FragmentPath) throw new Error(`${unit} has no unit file systemd knows of`);
  return Promise.all(paths.map(async (path) => ({ path, text: await readFile(path, 'utf8') })));
}

async function readDropIn(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export function unitConfigPort(scope: Scope, reload: () => Promise<unknown>): ConfigPort {
  return {
    read: async (unit): Promise<ConfigState> => ({ dropIn: await readDropIn(dropInPath(scope, unit)) }),
    async switchImage(unit, fromImage, toImage) {
      const path = dropInPath(scope, unit);
      const files = await unitFiles(scope, unit);
      const own = files.filter((f) => f.path !== path);
      if (namesImage(effectiveExecStart(own), toImage)) {
        // Going back to the image the unit itself names: drop ours instead of stacking another.
        await rm(path, { force: true });
        await reload();
        return;
      }
      // Render from the unit's own command line: an earlier drop-in of ours would freeze
      // a copy of it, hiding later changes to the unit file.
      const previous = await readDropIn(path);
      const base = (previous && baseImageOf(previous)) || fromImage;
      const text = renderImageDropIn(effectiveExecStart(own), base, toImage, unit);
      await mkdir(dirname(path), { recursive: true });
      await writeFileAtomic(path, text, { mode: 0o644, fsync: true });
      await reload();
    },
    async restore(unit, state) {
      const path = dropInPath(scope, unit);
      const now = await readDropIn(path);
      if (now === state.dropIn) return false;
      if (state.dropIn === null) await rm(path, { force: true });
      else {
        await mkdir(dirname(path), { recursive: true });
        await writeFileAtomic(path, state.dropIn, { mode: 0o644, fsync: true });
      }
      await reload();
      return true;
    },
  };
}

function namesImage(execStarts: string[], image: string): boolean {
  return execStarts.some((v) => v.split(/\s+/).some((w) => w.replace(/^["']|["']$/g, '') === image));
}

/**
 * Clears a unit's failed state and start-rate counter. A candidate that crash-looped
 * under Restart=always can exhaust StartLimitBurst=; the restart onto the previous
 * image must not then be refused with "start request repeated too quickly".
 */
export async function resetFailed(scope: Scope, unit: string): Promise<void> {
  await systemctl(scope, ['reset-failed', unit]).catch(() => undefined);
}

const DEPENDENCY_PROPS = ['Requires', 'Requisite', 'BindsTo', 'Wants', 'After', 'PartOf'];

/** For each unit, the units it depends on or is ordered after. */
export async function unitDependencies(scope: Scope, units: string[]): Promise<Map<string, string[]>> {
  if (units.length === 0) return new Map();
  const blocks = parseShow(await systemctl(scope, ['show', ...DEPENDENCY_PROPS.flatMap((p) => ['-p', p]), '-p', 'Id', ...units]));
  return new Map(blocks.map((b, i) => [b.Id || units[i], DEPENDENCY_PROPS.flatMap((p) => (b[p] ?? '').split(/\s+/).filter(Boolean))]));
}
