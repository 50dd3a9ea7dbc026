// Volume=, Mount= and Tmpfs= as pod volumes and container mounts: a config volume or
// a Podman named volume becomes a PersistentVolumeClaim, a host path a hostPath (with
// a warning: it ties the pod to one node's files), a tmpfs or anonymous volume an emptyDir.
import { isAbsolute, resolve } from 'node:path/posix';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import { parseCsvFields } from '../quadlet/mount';
import { dnsLabel } from './names';
import { memoryQuantity } from './quantities';
import { containersOf, type RuleContext } from './rule';

interface MountSpec {
  readonly source: string;
  readonly destination: string;
  readonly readOnly: boolean;
  readonly type: 'volume' | 'bind' | 'tmpfs';
  readonly size?: string;
  /** Options with no Kubernetes form. */
  readonly ignored: readonly string[];
}

const VOLUME_SUFFIX = '.volume';
const TMPFS_SIZE = /^size=(\d+[kmgKMG]?)$/;

function volumeFor(ctx: RuleContext, m: MountSpec): { name: string; volume: IVolume } | undefined {
  if (m.type === 'tmpfs' || m.source === '') {
    const sizeLimit = m.size === undefined ? undefined : memoryQuantity(m.size);
    const name = dnsLabel(`${m.type === 'tmpfs' ? 'tmpfs' : 'anon'}-${m.destination}`);
    return { name, volume: { name, emptyDir: m.type === 'tmpfs' ? { medium: 'Memory', ...(sizeLimit ? { sizeLimit } : {}) } : {} } };
  }
  const hostPath = m.type === 'bind' || m.source.includes('/') || m.source.startsWith('.');
  if (!hostPath) {
    const claim = dnsLabel(m.source.endsWith(VOLUME_SUFFIX) ? m.source.slice(0, -VOLUME_SUFFIX.length) : m.source);
    ctx.target.workload.claims.add(claim);
    return { name: claim, volume: { name: claim, persistentVolumeClaim: { claimName: claim, ...(m.readOnly ? { readOnly: true } : {}) } } };
  }
  const path = isAbsolute(m.source) ? m.source : resolve(ctx.refs.baseDir, m.source);
  ctx.warn(`bind mount of ${path} becomes a hostPath volume: it reads that node's files, so the pod only works on a node that has them (a PersistentVolumeClaim is the portable form)`);
  const name = dnsLabel(`host-${path}`);
  return { name, volume: { name, hostPath: { path } } };
}

/** Adds the volume to the pod and the mount to the container(s). */
function mount(ctx: RuleContext, m: MountSpec): void {
  if (m.ignored.length > 0) ctx.drop(`mount option${m.ignored.length > 1 ? 's' : ''} ${m.ignored.join(', ')} ha${m.ignored.length > 1 ? 've' : 's'} no Kubernetes form (the rest of the mount is carried)`);
  const v = volumeFor(ctx, m);
  if (!v) return;
  ctx.target.workload.volumes.set(v.name, v.volume);
  for (const c of containersOf(ctx.target)) {
    c.volumeMounts = [...(c.volumeMounts ?? []), { name: v.name, mountPath: m.destination, ...(m.readOnly ? { readOnly: true } : {}) }];
  }
}

const NEUTRAL_OPTIONS = new Set(['rw', 'ro', 'readonly', 'rbind', 'bind']);

/** `[SOURCE:]DEST[:OPTIONS]` */
export function volumeRule(ctx: RuleContext): void {
  const parts = ctx.value.text.split(':');
  const [source, destination, options] = parts.length === 1 ? ['', parts[0], ''] : [parts[0], parts[1], parts.slice(2).join(':')];
  const opts = options === '' ? [] : options.split(',');
  mount(ctx, { source, destination, type: 'volume', readOnly: opts.includes('ro'), ignored: opts.filter((o) => !NEUTRAL_OPTIONS.has(o)) });
}

const MOUNT_KEYS = new Set(['type', 'source', 'src', 'target', 'destination', 'dst', 'ro', 'readonly', 'rw', 'tmpfs-size']);

/** `type=volume|bind|tmpfs,source=…,destination=…[,ro]` */
export function mountRule(ctx: RuleContext): void {
  const fields = new Map(parseCsvFields(ctx.value.text).map((f) => {
    const eq = f.indexOf('=');
    return eq < 0 ? [f, 'true'] : [f.slice(0, eq), f.slice(eq + 1)];
  }));
  const type = fields.get('type') ?? 'volume';
  if (type !== 'volume' && type !== 'bind' && type !== 'tmpfs') return ctx.drop(`a ${type} mount has no Kubernetes form`);
  const ro = fields.get('ro') ?? fields.get('readonly');
  mount(ctx, {
    type,
    source: fields.get('source') ?? fields.get('src') ?? '',
    destination: fields.get('destination') ?? fields.get('target') ?? fields.get('dst') ?? '',
    readOnly: ro === 'true' || ro === '',
    size: fields.get('tmpfs-size'),
    ignored: [...fields.keys()].filter((k) => !MOUNT_KEYS.has(k)),
  });
}

/** `/path[:OPTIONS]` */
export function tmpfsRule(ctx: RuleContext): void {
  const [destination, options = ''] = ctx.value.text.split(/:(.*)/s);
  const opts = options === '' ? [] : options.split(',');
  const size = opts.map((o) => TMPFS_SIZE.exec(o)?.[1]).find((s) => s !== undefined);
  mount(ctx, { type: 'tmpfs', source: '', destination, readOnly: opts.includes('ro'), size, ignored: opts.filter((o) => !TMPFS_SIZE.test(o) && !NEUTRAL_OPTIONS.has(o)) });
}

/** ShmSize= → a memory-backed emptyDir on /dev/shm of that size. */
export function shmRule(ctx: RuleContext): void {
  mount(ctx, { type: 'tmpfs', source: '', destination: '/dev/shm', readOnly: false, size: ctx.value.text, ignored: [] });
}
