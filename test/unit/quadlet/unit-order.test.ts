/**
 * Quadlet converts its units in the order Go's unstable sort.Slice leaves them, and that
 * order reaches the output: a pod's Wants=/Before= list its containers in it, and of two
 * files that make one service, the later one is what lands on disk. sortLikeGo reproduces
 * it; the second half holds the generator's order against Podman's own quadlet binaries
 * (QUADCTL_REFERENCE_QUADLET_54 / _58, as in differential.test.ts) on seeded random
 * folders of 13 to 900 units, sizes where Go's sort is no longer an insertion sort and
 * reshuffles with its pseudo-random pivots.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sortLikeGo } from '../../../src/quadlet/unit-order';

const ROOT = resolve(__dirname, '../../..');
const OURS = join(ROOT, 'bin/quadctl-generator.cjs');
const REQUIRED = process.env.QUADCTL_E2E === 'required';

/** A small seeded generator (mulberry32), so a failing folder can be made again. */
function seeded(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 2 ** 32;
  };
}

describe('sortLikeGo', () => {
  test('sorts by the comparison and keeps every element, at every size', () => {
    const random = seeded(7);
    for (const size of [0, 1, 2, 12, 13, 49, 50, 51, 200, 1000, 3000]) {
      const items = Array.from({ length: size }, (_, id) => ({ id, rank: Math.floor(random() * 5) }));
      const sorted = sortLikeGo([...items], (a, b) => a.rank < b.rank);
      expect(sorted.map((i) => i.id).sort((a, b) => a - b)).toEqual(items.map((i) => i.id));
      for (let i = 1; i < sorted.length; i++) expect(sorted[i - 1].rank).toBeLessThanOrEqual(sorted[i].rank);
    }
  });

  test('up to 12 elements it is an insertion sort, so equal elements keep their order', () => {
    const items = Array.from({ length: 12 }, (_, id) => ({ id, rank: id % 3 }));
    expect(sortLikeGo([...items], (a, b) => a.rank < b.rank).map((i) => i.id)).toEqual([0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11]);
  });

  test('beyond 12 equal elements are reordered, as Go does (which order is checked against Quadlet below)', () => {
    const items = Array.from({ length: 40 }, (_, id) => ({ id, rank: id % 2 }));
    const ids = sortLikeGo([...items], (a, b) => a.rank < b.rank).map((i) => i.id);
    const stable = [...items].sort((a, b) => a.rank - b.rank).map((i) => i.id);
    expect(ids).not.toEqual(stable);
  });
});

const BODIES: Readonly<Record<string, string>> = {
  container: '[Container]\nImage=registry.example.com/app:1\n',
  volume: '[Volume]\n',
  network: '[Network]\n',
  pod: '[Pod]\n',
  image: '[Image]\nImage=registry.example.com/app:1\n',
  build: '[Build]\nImageTag=localhost/app\nSetWorkingDirectory=/tmp\n',
  kube: '[Kube]\nYaml=/srv/app.yml\n',
};
// Containers are most of a real folder; every type takes part.
const KINDS = ['container', 'container', 'container', 'container', 'container', 'container', 'volume', 'network', 'pod', 'image', 'build', 'kube'];

/** A folder of `size` units of random types and names. */
function randomFolder(seed: number, size: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'quadctl-order-'));
  const random = seeded(seed);
  for (let i = 0; i < size; i++) {
    const kind = KINDS[Math.floor(random() * KINDS.length)];
    writeFileSync(join(dir, `u${Math.floor(random() * 1e6)}.${kind}`), BODIES[kind]);
  }
  return dir;
}

/** The services a -dryrun prints, in its order. */
function order(command: readonly string[], dir: string, env: Record<string, string>): string[] {
  const run = spawnSync(command[0], [...command.slice(1), '-dryrun'], { env: { ...process.env, ...env, QUADLET_UNIT_DIRS: dir }, encoding: 'utf8', timeout: 30_000 });
  if (run.error) throw run.error;
  return [...run.stdout.matchAll(/^---(?:.*\/)?([^/]+)---$/gm)].map((m) => m[1]);
}

const REFERENCES = [
  { variable: 'QUADCTL_REFERENCE_QUADLET_54', path: process.env.QUADCTL_REFERENCE_QUADLET_54 || process.env.QUADCTL_REFERENCE_QUADLET, version: '5.4.2' },
  { variable: 'QUADCTL_REFERENCE_QUADLET_58', path: process.env.QUADCTL_REFERENCE_QUADLET_58, version: '5.8.6' },
];

const FOLDERS = [
  [1, 13],
  [2, 20],
  [3, 49],
  [4, 50],
  [5, 97],
  [6, 180],
  [7, 333],
  [8, 640],
  [9, 900],
] as const;

describe.each(REFERENCES)('unit order against Podman $version', ({ variable, path, version }) => {
  if (path === undefined || path === '') {
    if (REQUIRED) test(`${variable} must name Podman's quadlet binary (QUADCTL_E2E=required)`, () => expect(path).toBeTruthy());
    else test.skip(`skipped because ${variable} is unset`, () => undefined);
    return;
  }
  let conf: string;
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist/quadctl-generator.cjs'))) throw new Error('dist/ is missing: run `npm run build` first');
    conf = join(mkdtempSync(join(tmpdir(), 'quadctl-order-conf-')), 'generator.conf');
    writeFileSync(conf, `[Generator]\nPodmanVersion=${version}\n`);
  });
  afterAll(() => rmSync(join(conf, '..'), { recursive: true, force: true }));

  test.each(FOLDERS)('seed %i, %i units: converted in the same order', (seed, size) => {
    const dir = randomFolder(seed, size);
    try {
      const reference = order([path], dir, {});
      expect(reference.length).toBeGreaterThan(0);
      expect(order([process.execPath, OURS], dir, { QUADCTL_GENERATOR_CONF: conf })).toEqual(reference);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
