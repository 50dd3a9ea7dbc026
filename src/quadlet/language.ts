// Which Quadlet is spoken: Podman's Quadlet changed its output release by release.
// Every change quadctl reproduces is one row here, keyed by the first Podman release
// that made it (from podman's git history, pkg/systemd/quadlet and cmd/quadlet);
// translation code asks `level.has(change)` instead of comparing versions itself.
// Keys that appeared in a release are in the key catalog (src/config/catalog), with
// their own `since`.
import { compareVersions, formatVersion, parseVersion, type Version } from '../render/podman-version';

export type QuadletChange =
  /** 5.5 Wants=/Requires=/After=… naming x.container/x.pod/… become their services (e498c6526b, 6ac0a28564). */
  | 'translate-dependencies'
  /** 5.5 [Install] UpheldBy= makes NAME.upholds/ links (a0cae65c13). */
  | 'upheld-by'
  /** 5.5 Environment=/Label=… words without "=" and unsplittable values are reported (02658bc4cc). */
  | 'key-value-warnings'
  /** 5.5 each error is logged where it occurs (5.4 logged them all after the last unit), and a run with errors ends with "processing encountered some errors" (02658bc4cc). */
  | 'errors-as-they-occur'
  /** 5.6 a word without "=" is passed on as a bare name (`--env NAME`, inherit from host) (2b6c477884). */
  | 'bare-env-names'
  /** 5.6 no --cidfile / --pod-id-file: containers and pods are addressed by name (9b2fb40ab8). */
  | 'no-id-files'
  /** 5.6 `pod create --exit-policy stop` (two words, ExitPolicy= key) instead of `--exit-policy=stop` (5989370c39). */
  | 'pod-exit-policy-key'
  /** 5.6 a pod keeps the user's [Service] Environment= and adds PODMAN_SYSTEMD_UNIT (f1a1948b23). */
  | 'pod-keeps-environment'
  /** 5.6 one shared service start for every type: SourcePath=, then RequiresMountsFor=%t/containers (3f56de0199). */
  | 'shared-service-start'
  /** 5.6 a Mount= without type= is a volume mount (3837339e0e). */
  | 'mount-default-volume'
  /** 5.6 Type=bind volumes add RequiresMountsFor=DEVICE (18ecd2046b). */
  | 'bind-volume-mounts-for'
  /** 5.6 [Service] User=/Group=/DynamicUser= draw a warning (31b4efcaec). */
  | 'service-user-warning'
  /** 5.6 Exec=/ReloadCmd= that cannot be split draw a warning (cd807f8ff6). */
  | 'exec-split-warning'
  /** 5.7 templates: resources named NAME-%i, dependencies NAME@.service (83e65f91a4). */
  | 'template-resources'
  /** 5.7 several Yaml= in a .kube (8e013c0012). */
  | 'multiple-yaml'
  /** 5.7 a File= starting with a systemd specifier counts as absolute (936a01e088). */
  | 'build-file-specifier'
  /** 5.7 an empty mount source is an error, not a crash (163bdf2df8). */
  | 'empty-mount-source-error'
  /** 5.7 the .artifact type (34254cd1d0). */
  | 'artifact'
  /** 5.8 RequiresMountsFor= values are quoted and escaped (8b8390522b). */
  | 'escaped-mounts-for'
  /** 5.8.2 Lookup() strips only a matched pair of quotes (9c262736e4). */
  | 'matched-quotes'
  /** 5.8.2 `--entrypoint=VALUE`, an empty Entrypoint= clears the image's (7f37fbd6af). */
  | 'entrypoint-joined';

export const CHANGES: ReadonlyArray<{ readonly since: string; readonly change: QuadletChange }> = [
  { since: '5.5.0', change: 'translate-dependencies' },
  { since: '5.5.0', change: 'upheld-by' },
  { since: '5.5.0', change: 'key-value-warnings' },
  { since: '5.5.0', change: 'errors-as-they-occur' },
  { since: '5.6.0', change: 'bare-env-names' },
  { since: '5.6.0', change: 'no-id-files' },
  { since: '5.6.0', change: 'pod-exit-policy-key' },
  { since: '5.6.0', change: 'pod-keeps-environment' },
  { since: '5.6.0', change: 'shared-service-start' },
  { since: '5.6.0', change: 'mount-default-volume' },
  { since: '5.6.0', change: 'bind-volume-mounts-for' },
  { since: '5.6.0', change: 'service-user-warning' },
  { since: '5.6.0', change: 'exec-split-warning' },
  { since: '5.7.0', change: 'template-resources' },
  { since: '5.7.0', change: 'multiple-yaml' },
  { since: '5.7.0', change: 'build-file-specifier' },
  { since: '5.7.0', change: 'empty-mount-source-error' },
  { since: '5.7.0', change: 'artifact' },
  { since: '5.8.0', change: 'escaped-mounts-for' },
  { since: '5.8.2', change: 'matched-quotes' },
  { since: '5.8.2', change: 'entrypoint-joined' },
];

/** The newest Quadlet quadctl speaks: what it writes when no Podman version is configured. */
export const NEWEST: Version = { major: 5, minor: 8, patch: 6 };

/** The Quadlet language of one Podman release. */
export interface QuadletLevel {
  readonly version: Version;
  has(change: QuadletChange): boolean;
  /** Whether a key or type that Podman `since` introduced exists at this level. */
  knows(since: string | undefined): boolean;
}

export function quadletLevel(version: Version = NEWEST): QuadletLevel {
  // knows() is asked for every key of every unit, with a handful of distinct versions.
  const answers = new Map<string, boolean>();
  const at = (since: string): boolean => {
    let known = answers.get(since);
    if (known === undefined) {
      known = compareVersions(version, parseVersion(since) ?? NEWEST) >= 0;
      answers.set(since, known);
    }
    return known;
  };
  const changes = new Set(CHANGES.filter((c) => at(c.since)).map((c) => c.change));
  return {
    version,
    has: (change) => changes.has(change),
    knows: (since) => since === undefined || at(since),
  };
}

export const describeLevel = (level: QuadletLevel): string => `Podman ${formatVersion(level.version)}`;
