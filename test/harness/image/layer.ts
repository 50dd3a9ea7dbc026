/**
 * Image layers as a registry stores them: a tar made by the system tar with fixed owners
 * and times (so equal content gives an equal digest), gzipped.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, copyFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface Layer {
  /** gzipped tar, what is uploaded */
  blob: Buffer;
  /** sha256 of `blob` */
  digest: string;
  /** sha256 of the uncompressed tar (the config's rootfs.diff_ids) */
  diffId: string;
}

export const sha256 = (data: Buffer | string): string => `sha256:${createHash('sha256').update(data).digest('hex')}`;

function tarDirectory(dir: string): Buffer {
  const entries = readdirSync(dir).sort();
  const made = spawnSync(
    'tar',
    ['-C', dir, '--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner', '--format=gnu', '-cf', '-', ...entries],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  if (made.status !== 0) throw new Error(`tar failed: ${made.stderr.toString()}`);
  return made.stdout;
}

export function layerOf(tar: Buffer): Layer {
  const blob = gzipSync(tar, { level: 1 });
  return { blob, digest: sha256(blob), diffId: sha256(tar) };
}

/** A layer holding `files` (relative path → content; mode 0755 when the path is in bin/). */
export function filesLayer(scratch: string, files: Record<string, string>): Layer {
  const dir = mkdtempSync(join(scratch, 'layer-'));
  try {
    for (const [path, content] of Object.entries(files)) {
      const target = join(dir, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content, { mode: path.startsWith('bin/') ? 0o755 : 0o644 });
    }
    return layerOf(tarDirectory(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ETC_PASSWD = 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n';
const ETC_GROUP = 'root:x:0:\nnogroup:x:65534:\n';

/** The base of every test image: static busybox with a symlink per applet in /bin. */
export function busyboxLayer(scratch: string, busybox: string): Layer {
  const dir = mkdtempSync(join(scratch, 'busybox-'));
  try {
    for (const d of ['bin', 'etc', 'root', 'www', 'tmp']) mkdirSync(join(dir, d), { mode: 0o755 });
    chmodSync(join(dir, 'tmp'), 0o1777);
    copyFileSync(busybox, join(dir, 'bin/busybox'));
    chmodSync(join(dir, 'bin/busybox'), 0o755);
    const list = spawnSync(busybox, ['--list'], { encoding: 'utf8' });
    if (list.status !== 0) throw new Error(`${busybox} --list failed: ${list.stderr}`);
    for (const applet of list.stdout.split('\n')) {
      if (applet && applet !== 'busybox') symlinkSync('busybox', join(dir, 'bin', applet));
    }
    writeFileSync(join(dir, 'etc/passwd'), ETC_PASSWD);
    writeFileSync(join(dir, 'etc/group'), ETC_GROUP);
    return layerOf(tarDirectory(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
