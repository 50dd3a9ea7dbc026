// Every key of podman-systemd.unit(5) (Quadlet 5.8), per unit type, with how
// Quadlet reads it and the first Podman that knows it (`since`, none = 5.4 or older).
// The one key catalog: config validation, the generator's supported keys and the
// per-version check all read this table. How Quadlet reads it (checked side by side against the reference binary: keys
// read with "last raw" keep their text, list keys are split into words or not).
import { list, one, since, type KeyTable, type UnitKind } from './types';

const common: KeyTable = {
  ContainersConfModule: list('raw', 'absolute-path'),
  GlobalArgs: list('args'),
  PodmanArgs: list('args'),
  ServiceName: one('raw'),
};

/** The deprecated user-namespace keys (UserNS= replaced them); still read by Quadlet. */
const remap: KeyTable = {
  RemapGid: list('raw'),
  RemapUid: list('raw'),
  RemapUidSize: one('raw', 'uint'),
  RemapUsers: one('raw'),
};

const retry: KeyTable = {
  Retry: since('5.5.0', one('raw', 'uint')),
  RetryDelay: since('5.5.0', one('raw')),
};

const container = (): KeyTable => ({
  ...common,
  ...remap,
  ...retry,
  AppArmor: since('5.8.0', one('raw')),
  HttpProxy: since('5.7.0', one('bool')),
  Memory: since('5.5.0', one('raw', 'size')),
  ReloadCmd: since('5.5.0', one('args')),
  ReloadSignal: since('5.5.0', one('raw')),
  VolatileTmp: one('bool'),
  AddCapability: list('tokens', 'capability'),
  AddDevice: list('strv'),
  AddHost: list('raw'),
  Annotation: list('word', 'key-value'),
  AutoUpdate: one('raw', 'auto-update'),
  CgroupsMode: one('raw'),
  ContainerName: one('raw'),
  DNS: list('raw'),
  DNSOption: list('raw'),
  DNSSearch: list('raw'),
  DropCapability: list('tokens', 'capability'),
  Entrypoint: one('raw'),
  Environment: list('word', 'key-value'),
  EnvironmentFile: list('word'),
  EnvironmentHost: one('bool'),
  Exec: one('args'),
  ExposeHostPort: list('raw', 'expose-port'),
  GIDMap: list('strv'),
  Group: one('raw'),
  GroupAdd: list('raw'),
  HealthCmd: one('raw'),
  HealthInterval: one('raw', 'go-duration'),
  HealthLogDestination: one('raw'),
  HealthMaxLogCount: one('raw', 'uint'),
  HealthMaxLogSize: one('raw', 'uint'),
  HealthOnFailure: one('raw', 'health-on-failure'),
  HealthRetries: one('raw', 'uint'),
  HealthStartPeriod: one('raw', 'go-duration'),
  HealthStartupCmd: one('raw'),
  HealthStartupInterval: one('raw', 'go-duration'),
  HealthStartupRetries: one('raw', 'uint'),
  HealthStartupSuccess: one('raw', 'uint'),
  HealthStartupTimeout: one('raw', 'go-duration'),
  HealthTimeout: one('raw', 'go-duration'),
  HostName: one('raw'),
  Image: one('raw', 'image', 'image'),
  IP: one('raw'),
  IP6: one('raw'),
  Label: list('word', 'key-value'),
  LogDriver: one('raw'),
  LogOpt: list('strv'),
  Mask: list('word'),
  Mount: list('raw', undefined, 'mount'),
  Network: list('raw', undefined, 'network'),
  NetworkAlias: list('raw'),
  NoNewPrivileges: one('bool'),
  Notify: one('raw', 'notify'),
  PidsLimit: one('raw', 'int'),
  Pod: one('raw', undefined, 'pod'),
  PublishPort: list('raw', 'port-mapping'),
  Pull: one('raw', 'pull'),
  ReadOnly: one('bool'),
  ReadOnlyTmpfs: one('bool'),
  Rootfs: one('raw'),
  RunInit: one('bool'),
  SeccompProfile: one('raw'),
  Secret: list('word'),
  SecurityLabelDisable: one('bool'),
  SecurityLabelFileType: one('raw'),
  SecurityLabelLevel: one('raw'),
  SecurityLabelNested: one('bool'),
  SecurityLabelType: one('raw'),
  ShmSize: one('raw', 'size'),
  StartWithPod: one('bool'),
  StopSignal: one('raw'),
  StopTimeout: one('raw', 'stop-timeout'),
  SubGIDMap: one('raw'),
  SubUIDMap: one('raw'),
  Sysctl: list('strv', 'key-value'),
  Timezone: one('raw'),
  Tmpfs: list('raw'),
  UIDMap: list('strv'),
  Ulimit: list('raw'),
  Unmask: list('word'),
  User: one('raw'),
  UserNS: one('raw'),
  Volume: list('raw', undefined, 'volume'),
  WorkingDir: one('raw'),
});

const pod = (): KeyTable => ({
  ...common,
  ...remap,
  ExitPolicy: since('5.6.0', one('raw')),
  HostName: since('5.5.0', one('raw')),
  Label: since('5.6.0', list('word', 'key-value')),
  StopTimeout: since('5.7.0', one('raw', 'stop-timeout')),
  AddHost: list('raw'),
  DNS: list('raw'),
  DNSOption: list('raw'),
  DNSSearch: list('raw'),
  GIDMap: list('strv'),
  IP: one('raw'),
  IP6: one('raw'),
  Network: list('raw', undefined, 'network'),
  NetworkAlias: list('raw'),
  PodName: one('raw'),
  PublishPort: list('raw', 'port-mapping'),
  ShmSize: one('raw', 'size'),
  SubGIDMap: one('raw'),
  SubUIDMap: one('raw'),
  UIDMap: list('strv'),
  UserNS: one('raw'),
  Volume: list('raw', undefined, 'volume'),
});

const kube = (): KeyTable => ({
  ...common,
  ...remap,
  LogOpt: list('strv'),
  AutoUpdate: list('strv'),
  ConfigMap: list('strv'),
  ExitCodePropagation: one('raw', 'exit-code-propagation'),
  KubeDownForce: one('bool'),
  LogDriver: one('raw'),
  Network: list('raw', undefined, 'network'),
  PublishPort: list('raw', 'port-mapping'),
  SetWorkingDirectory: one('raw', 'set-working-directory'),
  UserNS: one('raw'),
  // Several Yaml= are played together from 5.7; before, the last one counts.
  Yaml: list('raw'),
});

const network = (): KeyTable => ({
  ...common,
  InterfaceName: since('5.6.0', one('raw')),
  NetworkDeleteOnStop: since('5.5.0', one('bool')),
  DisableDNS: one('bool'),
  DNS: list('raw'),
  Driver: one('raw'),
  Gateway: list('raw'),
  Internal: one('bool'),
  IPAMDriver: one('raw'),
  IPRange: list('raw'),
  IPv6: one('bool'),
  Label: list('word', 'key-value'),
  NetworkName: one('raw'),
  Options: list('word', 'key-value'),
  Subnet: list('raw'),
});

const volume = (): KeyTable => ({
  ...common,
  Copy: one('bool'),
  Device: one('raw'),
  Driver: one('raw'),
  Group: one('raw'),
  Image: one('raw', 'image', 'image'),
  Label: list('word', 'key-value'),
  Options: one('raw'),
  Type: one('raw'),
  User: one('raw'),
  VolumeName: one('raw'),
});

const build = (): KeyTable => ({
  ...common,
  ...retry,
  BuildArg: since('5.7.0', list('word', 'key-value')),
  IgnoreFile: since('5.7.0', one('raw')),
  Annotation: list('word', 'key-value'),
  Arch: one('raw'),
  AuthFile: one('raw'),
  DNS: list('raw'),
  DNSOption: list('raw'),
  DNSSearch: list('raw'),
  Environment: list('word', 'key-value'),
  File: one('raw'),
  ForceRM: one('bool'),
  GroupAdd: list('raw'),
  ImageTag: list('raw'),
  Label: list('word', 'key-value'),
  Network: list('raw', undefined, 'network'),
  Pull: one('raw', 'pull'),
  Secret: list('word'),
  SetWorkingDirectory: one('raw'),
  Target: one('raw'),
  TLSVerify: one('bool'),
  Variant: one('raw'),
  Volume: list('raw', undefined, 'volume'),
});

const image = (): KeyTable => ({
  ...common,
  ...retry,
  Policy: since('5.6.0', one('raw', 'pull')),
  AllTags: one('bool'),
  Arch: one('raw'),
  AuthFile: one('raw'),
  CertDir: one('raw'),
  Creds: one('raw'),
  DecryptionKey: one('raw'),
  Image: one('raw', 'image'),
  ImageTag: one('raw'),
  OS: one('raw'),
  TLSVerify: one('bool'),
  Variant: one('raw'),
});

const ARTIFACT_SINCE = '5.7.0';
const artifact = (): KeyTable => Object.fromEntries(Object.entries({
  ...common,
  ...retry,
  Artifact: one('raw'),
  AuthFile: one('raw'),
  CertDir: one('raw'),
  Creds: one('raw'),
  DecryptionKey: one('raw'),
  Quiet: one('bool'),
  TLSVerify: one('bool'),
}).map(([key, spec]) => [key, since(ARTIFACT_SINCE, spec)]));

interface UnitType {
  readonly group: string;
  readonly keys: KeyTable;
  /** The first Podman whose Quadlet has the type (absent: 5.4 or older). */
  readonly since?: string;
}

/**
 * A unit type's group and its keys. The key table is built when first asked for: the
 * generator runs on every daemon-reload, and a run usually meets two or three types.
 */
function unitType(group: string, table: () => KeyTable, since?: string): UnitType {
  let keys: KeyTable | undefined;
  return {
    group,
    since,
    get keys() {
      keys ??= table();
      return keys;
    },
  };
}

/** Quadlet's own group for a unit type, and its keys. */
export const UNIT_TYPES: Readonly<Record<UnitKind, UnitType>> = {
  container: unitType('Container', container),
  pod: unitType('Pod', pod),
  kube: unitType('Kube', kube),
  network: unitType('Network', network),
  volume: unitType('Volume', volume),
  build: unitType('Build', build),
  image: unitType('Image', image),
  artifact: unitType('Artifact', artifact, ARTIFACT_SINCE),
};

export const UNIT_KINDS = Object.keys(UNIT_TYPES) as UnitKind[];

/** [Quadlet] group keys, written as `Quadlet.KEY` in the config. */
export const QUADLET_GROUP_KEYS: KeyTable = { DefaultDependencies: one('bool') };

/** Keys a unit type cannot do without (any one of each inner list). */
export const REQUIRED_KEYS: Readonly<Partial<Record<UnitKind, readonly (readonly string[])[]>>> = {
  container: [['Image', 'Rootfs']],
  kube: [['Yaml']],
  image: [['Image']],
  build: [['ImageTag'], ['File', 'SetWorkingDirectory']],
  artifact: [['Artifact']],
};
