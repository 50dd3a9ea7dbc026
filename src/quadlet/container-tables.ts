// [Container] keys that map straight onto `podman run` flags, as data.
// The order of the tables is the order the flags appear on the command line.
import { type BoolRule, type FlagRule, flagRules } from './common/flag-tables';
import { RETRY_FLAGS } from './pull-flags';

const lower = (v: string): string => v.toLowerCase();

/** Single-valued settings written right after the log options. */
export const SCALAR_FLAGS: readonly FlagRule[] = [
  ...flagRules('last', { Timezone: '--tz', PidsLimit: '--pids-limit', Entrypoint: '--entrypoint', WorkingDir: '--workdir' }),
  ...flagRules('last', { IP: '--ip', IP6: '--ip6', StopSignal: '--stop-signal', StopTimeout: '--stop-timeout' }),
  ...flagRules('last', { ShmSize: '--shm-size', HostName: '--hostname', Pull: '--pull', Memory: '--memory' }),
  ...RETRY_FLAGS,
];

/** DNS servers, options and search domains: containers, pods and builds take them alike. */
export const DNS_FLAGS: readonly FlagRule[] = flagRules('all', { DNS: '--dns', DNSOption: '--dns-option', DNSSearch: '--dns-search' });

/** Repeatable settings passed through as written. */
export const LIST_FLAGS: readonly FlagRule[] = [
  ...flagRules('all', { Ulimit: '--ulimit' }),
  ...DNS_FLAGS,
  ...flagRules('all', { GroupAdd: '--group-add', AddHost: '--add-host', Tmpfs: '--tmpfs', NetworkAlias: '--network-alias' }),
];

/** Booleans that are written either way once set. */
export const TRISTATE_BOOLS: readonly BoolRule[] = [
  { key: 'ReadOnlyTmpfs', whenTrue: ['--read-only-tmpfs'], whenFalse: ['--read-only-tmpfs=false'] },
  { key: 'RunInit', whenTrue: ['--init'], whenFalse: ['--init=false'] },
  { key: 'EnvironmentHost', whenTrue: ['--env-host'], whenFalse: ['--env-host=false'] },
  { key: 'HttpProxy', whenTrue: ['--http-proxy'], whenFalse: ['--http-proxy=false'] },
];

/** Security switches written after the notify options. */
export const SECURITY_BOOLS: readonly BoolRule[] = [
  { key: 'NoNewPrivileges', whenTrue: ['--security-opt=no-new-privileges'] },
  { key: 'SecurityLabelDisable', whenTrue: ['--security-opt', 'label=disable'] },
  { key: 'SecurityLabelNested', whenTrue: ['--security-opt', 'label=nested'] },
];

export const SECURITY_LABEL_FLAGS: readonly FlagRule[] = [
  { key: 'SecurityLabelType', flag: '--security-opt', lookup: 'last', prefix: 'label=type:' },
  { key: 'SecurityLabelFileType', flag: '--security-opt', lookup: 'last', prefix: 'label=filetype:' },
  { key: 'SecurityLabelLevel', flag: '--security-opt', lookup: 'last', prefix: 'label=level:' },
  { key: 'AppArmor', flag: '--security-opt', lookup: 'last', prefix: 'apparmor=' },
];

export const CAPABILITY_FLAGS: readonly FlagRule[] = [
  { key: 'SeccompProfile', flag: '--security-opt', lookup: 'lastOrEmpty', prefix: 'seccomp=' },
  { key: 'DropCapability', flag: '--cap-drop', lookup: 'strv', transform: lower },
  { key: 'AddCapability', flag: '--cap-add', lookup: 'strv', transform: lower },
  { key: 'Sysctl', flag: '--sysctl', lookup: 'strv' },
];

export const ID_MAPPING_FLAGS: readonly FlagRule[] = [
  { key: 'UserNS', flag: '--userns', lookup: 'last' },
  { key: 'UIDMap', flag: '--uidmap', lookup: 'strv' },
  { key: 'GIDMap', flag: '--gidmap', lookup: 'strv' },
  { key: 'SubUIDMap', flag: '--subuidname', lookup: 'last' },
  { key: 'SubGIDMap', flag: '--subgidname', lookup: 'last' },
];

export const MASK_FLAGS: readonly FlagRule[] = [
  { key: 'Mask', flag: '--security-opt', lookup: 'words', prefix: 'mask=' },
  { key: 'Unmask', flag: '--security-opt', lookup: 'words', prefix: 'unmask=' },
];

export const HEALTH_FLAGS: readonly FlagRule[] = [
  ...flagRules('last', { HealthCmd: '--health-cmd', HealthInterval: '--health-interval', HealthOnFailure: '--health-on-failure' }),
  ...flagRules('last', { HealthLogDestination: '--health-log-destination', HealthMaxLogCount: '--health-max-log-count' }),
  ...flagRules('last', { HealthMaxLogSize: '--health-max-log-size', HealthRetries: '--health-retries' }),
  ...flagRules('last', { HealthStartPeriod: '--health-start-period', HealthTimeout: '--health-timeout' }),
  ...flagRules('last', { HealthStartupCmd: '--health-startup-cmd', HealthStartupInterval: '--health-startup-interval' }),
  ...flagRules('last', { HealthStartupRetries: '--health-startup-retries', HealthStartupSuccess: '--health-startup-success' }),
  ...flagRules('last', { HealthStartupTimeout: '--health-startup-timeout' }),
];

/** KEY=VALUE list keys, written sorted by key. */
export const KEY_VALUE_FLAGS: ReadonlyArray<readonly [string, string]> = [
  ['Environment', '--env'],
  ['Label', '--label'],
  ['Annotation', '--annotation'],
];
