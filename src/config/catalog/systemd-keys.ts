// systemd's own sections, written in a unit's config section as `Unit.KEY`,
// `Service.KEY` and `Install.KEY`. The lists hold the keys people set on
// container services; unknown keys get a "did you mean" rather than a unit
// systemd would warn about and ignore.
import { list, one, type KeySpec, type KeyTable } from './types';

const unitList = list('units');
const span = one('raw', 'timespan');

const fromNames = (names: string, spec: KeySpec): KeyTable =>
  Object.fromEntries(names.split(/\s+/).filter(Boolean).map((n) => [n, spec]));

const unit: KeyTable = {
  ...fromNames(
    'After Before Requires Wants BindsTo PartOf Requisite Conflicts OnFailure OnSuccess Upholds PropagatesReloadTo ReloadPropagatedFrom JoinsNamespaceOf',
    unitList,
  ),
  Description: one('raw'),
  Documentation: list('tokens'),
  RequiresMountsFor: list('word'),
  WantsMountsFor: list('word'),
  OnFailureJobMode: one('raw'),
  StopWhenUnneeded: one('bool'),
  RefuseManualStart: one('bool'),
  RefuseManualStop: one('bool'),
  AllowIsolate: one('bool'),
  DefaultDependencies: one('bool'),
  IgnoreOnIsolate: one('bool'),
  CollectMode: one('raw'),
  FailureAction: one('raw'),
  SuccessAction: one('raw'),
  JobTimeoutSec: span,
  JobRunningTimeoutSec: span,
  StartLimitIntervalSec: span,
  StartLimitBurst: one('raw', 'uint'),
  StartLimitAction: one('raw'),
  ...fromNames(
    'ConditionPathExists ConditionPathIsDirectory ConditionPathIsMountPoint ConditionFileNotEmpty ConditionDirectoryNotEmpty ConditionVirtualization ConditionHost ConditionKernelCommandLine ConditionSecurity ConditionCapability ConditionACPower ConditionUser ConditionGroup ConditionControlGroupController ConditionEnvironment ConditionFileIsExecutable ConditionArchitecture ConditionFirstBoot ConditionNeedsUpdate AssertPathExists AssertPathIsDirectory AssertFileNotEmpty AssertHost AssertVirtualization',
    list('raw'),
  ),
};

const service: KeyTable = {
  Type: one('raw', 'service-type'),
  Restart: one('raw', 'restart'),
  RestartSec: span,
  RestartSteps: one('raw', 'uint'),
  RestartMaxDelaySec: span,
  TimeoutSec: span,
  TimeoutStartSec: span,
  TimeoutStopSec: span,
  TimeoutAbortSec: span,
  RuntimeMaxSec: span,
  WatchdogSec: span,
  ...fromNames('ExecStartPre ExecStartPost ExecStop ExecStopPost ExecReload ExecCondition', list('args')),
  Environment: list('word', 'key-value'),
  EnvironmentFile: list('raw'),
  PassEnvironment: list('tokens'),
  UnsetEnvironment: list('tokens'),
  User: one('raw'),
  Group: one('raw'),
  SupplementaryGroups: list('tokens'),
  WorkingDirectory: one('raw'),
  RemainAfterExit: one('bool'),
  GuessMainPID: one('bool'),
  PIDFile: one('raw'),
  NotifyAccess: one('raw'),
  KillMode: one('raw'),
  KillSignal: one('raw'),
  FinalKillSignal: one('raw'),
  SendSIGKILL: one('bool'),
  SendSIGHUP: one('bool'),
  SuccessExitStatus: list('tokens'),
  RestartPreventExitStatus: list('tokens'),
  RestartForceExitStatus: list('tokens'),
  Delegate: one('raw'),
  Slice: one('raw'),
  SyslogIdentifier: one('raw'),
  SyslogFacility: one('raw'),
  SyslogLevel: one('raw'),
  StandardInput: one('raw'),
  StandardOutput: one('raw'),
  StandardError: one('raw'),
  LogLevelMax: one('raw'),
  Nice: one('raw', 'int'),
  OOMScoreAdjust: one('raw', 'int'),
  OOMPolicy: one('raw'),
  ...fromNames(
    'MemoryMin MemoryLow MemoryHigh MemoryMax MemorySwapMax CPUQuota CPUWeight StartupCPUWeight IOWeight StartupIOWeight TasksMax AllowedCPUs AllowedMemoryNodes CPUAccounting MemoryAccounting IOAccounting TasksAccounting IPAccounting ManagedOOMSwap ManagedOOMMemoryPressure',
    one('raw'),
  ),
  ...fromNames(
    'LimitCPU LimitFSIZE LimitDATA LimitSTACK LimitCORE LimitRSS LimitNOFILE LimitAS LimitNPROC LimitMEMLOCK LimitLOCKS LimitSIGPENDING LimitMSGQUEUE LimitNICE LimitRTPRIO LimitRTTIME',
    one('raw'),
  ),
  ...fromNames(
    'NoNewPrivileges PrivateTmp PrivateDevices PrivateNetwork ProtectKernelTunables ProtectKernelModules ProtectControlGroups ProtectClock ProtectHostname RestrictRealtime RestrictSUIDSGID LockPersonality MemoryDenyWriteExecute',
    one('bool'),
  ),
  ProtectSystem: one('raw'),
  ProtectHome: one('raw'),
  ...fromNames('ReadWritePaths ReadOnlyPaths InaccessiblePaths BindPaths BindReadOnlyPaths', list('word')),
  RuntimeDirectory: list('tokens'),
  StateDirectory: list('tokens'),
  CacheDirectory: list('tokens'),
  LogsDirectory: list('tokens'),
  ConfigurationDirectory: list('tokens'),
  RuntimeDirectoryMode: one('raw'),
  UMask: one('raw'),
  FileDescriptorStoreMax: one('raw', 'uint'),
};

const install: KeyTable = {
  WantedBy: unitList,
  RequiredBy: unitList,
  UpheldBy: unitList,
  Alias: unitList,
  Also: unitList,
  DefaultInstance: one('raw'),
};

/** systemd's sections by the prefix used in the config. */
export const SYSTEMD_SECTIONS: Readonly<Record<string, KeyTable>> = { Unit: unit, Service: service, Install: install };

/** Keys quadctl (through Quadlet) writes itself; setting them would break the unit. */
export const RESERVED_SYSTEMD_KEYS: Readonly<Record<string, string>> = {
  'Service.ExecStart': 'Quadlet writes ExecStart from the unit; set the container command with Exec = …',
  'Unit.SourcePath': 'Quadlet writes SourcePath itself',
};
