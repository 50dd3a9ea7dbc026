// `mkdir -p` that ends. Node's own `mkdir(path, { recursive: true })` (20 to 26) spins at
// 100% CPU forever when a parent folder exists but creating a child in it says ENOENT, as
// /proc and /sys do: it reads ENOENT as "make the parent first", and the parent is always
// there. Here each missing folder is made once, top down, and the first refusal is the
// answer (a dangling symlink on the way: ENOENT naming the folder under it).
import { existsSync, mkdirSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

const code = (e: unknown): string | undefined => (e as NodeJS.ErrnoException).code;

/** The folders to make, outermost first: `path` and its missing parents. */
function missingFrom(path: string, exists: (p: string) => boolean): string[] {
  const missing: string[] = [];
  for (let p = resolve(path); !exists(p); p = dirname(p)) {
    missing.unshift(p);
    if (dirname(p) === p) break;
  }
  return missing;
}

/**
 * Makes `path` and its missing parents; an error names the folder that could not be made.
 * A path that exists but cannot be seen (EACCES on the way) counts as missing, and its
 * mkdir then fails with the real reason: nothing is thrown or built for folders that exist.
 */
export function makeDirSync(path: string, mode?: number): void {
  for (const dir of missingFrom(path, existsSync)) {
    try {
      mkdirSync(dir, { mode });
    } catch (e) {
      if (code(e) !== 'EEXIST') throw e;
    }
  }
}

/** As makeDirSync, without blocking: the existence checks are few and cheap, the mkdirs awaited. */
export async function makeDir(path: string, mode?: number): Promise<void> {
  const known = new Map<string, boolean>();
  for (let p = resolve(path); ; p = dirname(p)) {
    const there = await stat(p).then(
      () => true,
      (e: unknown) => {
        if (code(e) === 'ENOENT') return false;
        throw e;
      },
    );
    known.set(p, there);
    if (there || dirname(p) === p) break;
  }
  for (const dir of missingFrom(path, (p) => known.get(p) ?? true)) {
    try {
      await mkdir(dir, { mode });
    } catch (e) {
      if (code(e) !== 'EEXIST') throw e;
    }
  }
}
