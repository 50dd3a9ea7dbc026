/**
 * The registry core, for the updater and the `check` command.
 *
 *   import { checkImages } from '../registry';
 *   import { createRegistryClient } from '../adapters/registry';
 *   const client = await createRegistryClient();          // reads registries.conf, auth files
 *   const results = await checkImages(
 *     [{ reference: 'docker.io/library/nginx:1.27.3', policy: 'patch' }],
 *     { registry: client.api, registriesConf: client.registriesConf, concurrency: 8 },
 *   );
 *   await client.close();
 *   // results[i] = { reference, resolved, policy, currentDigest?, candidateTag?,
 *   //                candidateDigest?, candidateReference?, note?, error? }
 *
 * Compare `currentDigest` with the local image's `.Digest` and its RepoDigests
 * for the repository (for a multi-arch image only RepoDigests has the list's on
 * Podman 5): see check.ts and docs/registry.md.
 */
export { checkImages, type CheckOptions, type CheckRequest, type CheckResult, type RegistryApi } from './check';
export { assertRegistryDigest, isSha256Digest } from './digest';
export { createLimiter, DEFAULT_CONCURRENCY, type Limiter } from './limit';
export { formatPolicy, InvalidPolicyError, parsePolicy, type Policy } from './policy';
export {
  DOCKER_HUB,
  formatReference,
  type ImageReference,
  InvalidReferenceError,
  parseReference,
  type ParsedReference,
  qualifyUnder,
  repositoryName,
  withDefaultTag,
  withTag,
} from './reference';
export {
  BlockedRegistryError,
  EMPTY_REGISTRIES_CONF,
  findRegistry,
  mergeRegistriesConf,
  parseRegistriesConf,
  pullSources,
  type PullSource,
  type RegistriesConf,
  RegistriesConfError,
  type RegistriesConfFragment,
  type RegistryEntry,
} from './registries-conf';
export { resolveReference, type ResolvedReference, ShortNameError } from './short-names';
export { isVersionTag, parseTagVersion, selectTag, type SelectOptions, type TagVersion } from './tag-selection';
export { type Challenge, parseWwwAuthenticate, preferredChallenge, pullScope } from './www-authenticate';
