// Registry options `podman image pull` and `podman artifact pull` share, as data.
import { type BoolRule, type FlagRule, flagRules } from './common/flag-tables';

/** Credentials and certificates for the registry. */
export const REGISTRY_AUTH_FLAGS: readonly FlagRule[] = flagRules('last', {
  AuthFile: '--authfile', CertDir: '--cert-dir', Creds: '--creds', DecryptionKey: '--decryption-key',
});

/** Retry=/RetryDelay= (5.5+): pulls, builds and container runs take them alike. */
export const RETRY_FLAGS: readonly FlagRule[] = flagRules('last', { Retry: '--retry', RetryDelay: '--retry-delay' });

export const TLS_VERIFY: BoolRule = { key: 'TLSVerify', whenTrue: ['--tls-verify'], whenFalse: ['--tls-verify=false'] };
