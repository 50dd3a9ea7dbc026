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
export { checkImages, type CheckResult, type RegistryApi } from './check';
export { formatPolicy, parsePolicy } from './policy';
export {
  formatReference,
  type ImageReference,
  InvalidReferenceError,
  parseReference,
  qualifyUnder,
  withDefaultTag,
} from './reference';
export {
  BlockedRegistryError,
  mergeRegistriesConf,
  parseRegistriesConf,
  pullSources,
  RegistriesConfError,
} from './registries-conf';
export { resolveReference, ShortNameError } from './short-names';
export { selectTag } from './tag-selection';
export { parseWwwAuthenticate, preferredChallenge } from './www-authenticate';
