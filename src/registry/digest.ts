/**
 * Content digests as registries report them. Only sha256 is accepted from a
 * registry: it is what every registry uses for manifests, and anything else in
 * a Docker-Content-Digest header is more likely a broken proxy than a real
 * alternative algorithm — we would rather report an error than a candidate.
 */
const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;

/** Digests we accept in references written by users (`name@sha256:…`). */
const REFERENCE_DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

function isSha256Digest(value: string): boolean {
  return SHA256_DIGEST.test(value);
}

export function isReferenceDigest(value: string): boolean {
  return REFERENCE_DIGEST.test(value);
}

/** Throws a readable error unless `value` is `sha256:<64 lowercase hex>`. */
export function assertRegistryDigest(value: string, source: string): string {
  if (!isSha256Digest(value)) {
    throw new Error(`${source} sent a malformed digest ${JSON.stringify(value.slice(0, 100))} (expected sha256:<64 hex>)`);
  }
  return value;
}
