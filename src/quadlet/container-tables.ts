// [Container] keys that map straight onto `podman run` flags, as data.
// The order of the tables is the order the flags appear on the command line.
import type { BoolRule, FlagRule } from './common/flag-tables';
import { RETRY_FLAGS } from './pull-flags';

const lower = (v: string): string => v.toLowerCase();

/** Single-valued settings written right after the log options. */
export const SCALAR_FLAGS: readonly FlagRule[] = [
  { key: 'Timezone', flag: '--tz', lookup: 'last' },
  { key: 'PidsLimit', flag: '--pids-limit', lookup: 'last' },
  { key: 'Entrypoint', flag: '--entrypoint', lookup: 'last' },
  { key: 'WorkingDir', flag: '--workdir', lookup: 'last' },
  { key: 'IP', flag: '--ip', lookup: 'last' },
  { key: 'IP6', flag: '--ip6', lookup: 'last' },
  { key: 'StopSignal', flag: '--stop-signal', lookup: 'last' },
  { key: 'StopTimeout', flag: '--stop-timeout', lookup: 'last' },
  { key: 'ShmSize', flag: '--shm-size', lookup: 'last' },
  { key: 'HostName', flag: '--hostname', lookup: 'last' },
  { key: 'Pull', flag: '--pull', lookup: 'last' },
  { key: 'Memory', flag: '--memory', lookup: 'last' },
  ...RETRY_FLAGS,
];

/** Repeatable settings passed through as written. */
export const LIST_FLAGS: readonly FlagRule[] = [
  { key: 'Ulimit', flag: '--ulimit', lookup: 'all' },
  { key: 'DNS', flag: '--dns', lookup: 'all' },
  { key: 'DNSOption', flag: '--dns-option', lookup: 'all' },
  { key: 'DNSSearch', flag: '--dns-search', lookup: 'all' },
  { key: 'GroupAdd', flag: '--group-add', lookup: 'all' },
  { key: 'AddHost', flag: '--add-host', lookup: 'all' },
  { key: 'Tmpfs', flag: '--tmpfs', lookup: 'all' },
  { key: 'NetworkAlias', flag: '--network-alias', lookup: 'all' },
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
  ['HealthCmd', '--health-cmd'],
  ['HealthInterval', '--health-interval'],
  ['HealthOnFailure', '--health-on-failure'],
  ['HealthLogDestination', '--health-log-destination'],
  ['HealthMaxLogCount', '--health-max-log-count'],
  ['HealthMaxLogSize', '--health-max-log-size'],
  ['HealthRetries', '--health-retries'],
  ['HealthStartPeriod', '--health-start-period'],
  ['HealthTimeout', '--health-timeout'],
  ['HealthStartupCmd', '--health-startup-cmd'],
  ['HealthStartupInterval', '--health-startup-interval'],
  ['HealthStartupRetries', '--health-startup-retries'],
  ['HealthStartupSuccess', '--health-startup-success'],
  ['HealthStartupTimeout', '--health-startup-timeout'],
].map(([key, flag]) => ({ key, flag, lookup: 'last' as const }));

/** KEY=VALUE list keys, written sorted by key. */
export const KEY_VALUE_FLAGS: ReadonlyArray<readonly [string, string]> = [
  ['Environment', '--env'],
  ['Label', '--label'],
  ['Annotation', '--annotation'],
];
