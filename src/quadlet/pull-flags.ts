// Registry options `podman image pull` and `podman artifact pull` share, as data.
import type { BoolRule, FlagRule } from './common/flag-tables';

/** Credentials and certificates for the registry. */
export const REGISTRY_AUTH_FLAGS: readonly FlagRule[] = [
  { key: 'AuthFile', flag: '--authfile', lookup: 'last' },
  { key: 'CertDir', flag: '--cert-dir', lookup: 'last' },
  { key: 'Creds', flag: '--creds', lookup: 'last' },
  { key: 'DecryptionKey', flag: '--decryption-key', lookup: 'last' },
];

/** Retry=/RetryDelay= (5.5+): pulls, builds and container runs take them alike. */
export const RETRY_FLAGS: readonly FlagRule[] = [
  { key: 'Retry', flag: '--retry', lookup: 'last' },
  { key: 'RetryDelay', flag: '--retry-delay', lookup: 'last' },
];

export const TLS_VERIFY: BoolRule = { key: 'TLSVerify', whenTrue: ['--tls-verify'], whenFalse: ['--tls-verify=false'] };
