/**
 * A Docker v2 schema2 image (manifest + config). Docker format rather than OCI because
 * only Docker image configs carry HEALTHCHECK, which Podman 4.3 honours.
 */
import type { ImageSpec } from './spec';
import { type Layer, sha256 } from './layer';

export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';
const DOCKER_LAYER = 'application/vnd.docker.image.rootfs.diff.tar.gzip';
const EPOCH = '1970-01-01T00:00:00Z';
const SECOND_NS = 1_000_000_000;

const ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };

export interface BuiltImage {
  config: Buffer;
  configDigest: string;
  manifest: string;
  /** The manifest digest: what a registry reports for the tag. */
  digest: string;
}

function healthcheck(spec: ImageSpec): Record<string, unknown> | undefined {
  if (!spec.healthcheck) return undefined;
  const known = ['CMD', 'CMD-SHELL', 'NONE'];
  const test = known.includes(spec.healthcheck[0]) ? spec.healthcheck : ['CMD', ...spec.healthcheck];
  const h = spec.health ?? {};
  return {
    Test: test,
    Interval: (h.interval ?? 1) * SECOND_NS,
    Timeout: (h.timeout ?? 2) * SECOND_NS,
    StartPeriod: (h.startPeriod ?? 0) * SECOND_NS,
    Retries: h.retries ?? 2,
  };
}

export function buildImage(spec: ImageSpec, layers: Layer[]): BuiltImage {
  const env = { PATH: '/bin', ...spec.env };
  const config = Buffer.from(
    JSON.stringify({
      architecture: ARCH[process.arch] ?? process.arch,
      os: 'linux',
      created: EPOCH,
      config: {
        Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
        Cmd: spec.cmd ?? ['/bin/sh', '-c', "trap 'exit 0' TERM INT; sleep 2147483647 & wait"],
        WorkingDir: '/',
        Labels: spec.labels ?? {},
        ...(spec.healthcheck ? { Healthcheck: healthcheck(spec) } : {}),
      },
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
      history: layers.map((_, i) => ({ created: EPOCH, created_by: `quadctl e2e harness layer ${i}` })),
    }),
  );
  const configDigest = sha256(config);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: DOCKER_MANIFEST,
    config: { mediaType: DOCKER_CONFIG, size: config.length, digest: configDigest },
    layers: layers.map((l) => ({ mediaType: DOCKER_LAYER, size: l.blob.length, digest: l.digest })),
  });
  return { config, configDigest, manifest, digest: sha256(manifest) };
}
