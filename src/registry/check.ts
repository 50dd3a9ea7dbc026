/**
 * The check planner: for a set of image references and their update policies,
 * ask the registry the fewest questions and say, per reference, what the
 * updater needs to know.
 *
 * Which digest is compared with which
 * -----------------------------------
 * `currentDigest` is the digest of the manifest the registry serves for the
 * reference's tag when asked with an Accept header listing the OCI index, OCI
 * manifest, Docker manifest list and Docker v2 manifest types — i.e. the digest
 * of *whatever the tag points at*:
 *   - single-arch image: the image manifest's digest;
 *   - multi-arch image: the index / manifest list's digest (not the digest of
 *     the per-platform manifest inside it).
 * Podman records that digest for a pulled image among its `repo@digest`
 * RepoDigests entries; its `.Digest` is the same for a single-arch image, and for
 * a multi-arch one the list's on Podman 4.3.1 but the per-platform manifest's on
 * Podman 5. So the updater compares `currentDigest` with the local image's
 * `.Digest` and its RepoDigests entries for this repository: none equal means
 * the tag moved. `candidateDigest` is the same kind of digest
 * for `candidateTag`.
 *
 * Requests per distinct reference and run: `digest` policy — one HEAD;
 * semver policies — one tags/list (plus pages) and one HEAD for the current
 * tag, and one more HEAD for a candidate tag. Identical references (however
 * many containers use them) share one check; identical manifest or tag-list
 * questions across policies share one request.
 */
import { assertRegistryDigest } from './digest';
import { createLimiter, DEFAULT_CONCURRENCY, type Limiter } from './limit';
import { formatPolicy, parsePolicy, type Policy } from './policy';
import { formatReference, type ImageReference, repositoryName, withTag } from './reference';
import { EMPTY_REGISTRIES_CONF, type RegistriesConf } from './registries-conf';
import { resolveReference } from './short-names';
import { candidateTags, isVersionTag } from './tag-selection';

/** What the core needs from a registry; src/adapters/registry implements it over HTTP. */
export interface RegistryApi {
  /**
   * The digest of the manifest `ref` (by tag or digest) resolves to, asked
   * with all four manifest media types accepted (see above). Must reject on
   * any error; the core validates the value again.
   */
  manifestDigest(ref: ImageReference): Promise<string>;
  /** Every tag of `ref`'s repository, all pages followed. */
  listTags(ref: ImageReference): Promise<string[]>;
}

interface CheckRequest {
  /** As written in the config or unit: short names are resolved through registries.conf. */
  reference: string;
  /** `digest` (default), `patch`, `minor`, `major`, or a semver range; text or parsed. */
  policy?: Policy | string;
  /** Let pre-release tags (`2.0.0-rc.1`) be candidates. */
  prerelease?: boolean;
  /** Digests never to offer as a candidate (they failed a health gate): the next newest tag is offered instead. */
  avoid?: readonly string[];
}

export interface CheckResult {
  /** The reference exactly as requested. */
  reference: string;
  /** Fully qualified form that was checked: `docker.io/library/nginx:1.27.3`. */
  resolved?: string;
  policy: string;
  /** Remote digest of the reference's tag (or the pinned digest for `name@sha256:…`). */
  currentDigest?: string;
  /** A newer tag allowed by the policy, when there is one. */
  candidateTag?: string;
  /** Remote digest of `candidateTag`. */
  candidateDigest?: string;
  /** Fully qualified reference of the candidate: `docker.io/library/nginx:1.27.4`. */
  candidateReference?: string;
  /** Why something was not checked fully, e.g. the tag is not a version. */
  note?: string;
  /** Set when the check failed; then no candidate is given. */
  error?: string;
}

interface CheckOptions {
  registry: RegistryApi;
  /** For short names; defaults to none (short names are then an error). */
  registriesConf?: RegistriesConf;
  /** At most this many registry requests at once (default 8). */
  concurrency?: number;
}

type Outcome = Omit<CheckResult, 'reference'>;

/** One run's memo: each manifest and tag list is asked for once. */
class RunMemo {
  private readonly digests = new Map<string, Promise<string>>();
  private readonly tags = new Map<string, Promise<string[]>>();
  constructor(
    private readonly api: RegistryApi,
    private readonly limit: Limiter,
  ) {}
  digest(ref: ImageReference): Promise<string> {
    const key = formatReference(ref);
    let found = this.digests.get(key);
    if (!found) {
      found = this.limit(() => this.api.manifestDigest(ref)).then((d) => assertRegistryDigest(d, `registry for ${key}`));
      this.digests.set(key, found);
    }
    return found;
  }
  listTags(ref: ImageReference): Promise<string[]> {
    const key = repositoryName(ref);
    let found = this.tags.get(key);
    if (!found) {
      found = this.limit(() => this.api.listTags(ref));
      this.tags.set(key, found);
    }
    return found;
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function checkOne(ref: ImageReference, policy: Policy, prerelease: boolean, avoid: readonly string[], memo: RunMemo): Promise<Outcome> {
  const base = { resolved: formatReference(ref), policy: formatPolicy(policy) };
  if (ref.tag === undefined) {
    return { ...base, currentDigest: ref.digest, note: 'pinned by digest: nothing to check' };
  }
  // For `tag@digest` the tag is what can move; the pinned digest stays in `resolved`.
  const current = memo.digest(withTag(ref, ref.tag));
  if (policy.kind === 'digest') return { ...base, currentDigest: await current };
  if (!isVersionTag(ref.tag)) {
    return { ...base, currentDigest: await current, note: `tag ${JSON.stringify(ref.tag)} is not a version: only its digest is checked` };
  }
  // Ask both at once; both are needed whatever the answer.
  const [currentDigest, tags] = await Promise.all([current, memo.listTags(ref)]);
  for (const candidateTag of candidateTags(ref.tag, tags, policy, { includePrerelease: prerelease })) {
    const candidate = withTag(ref, candidateTag);
    const candidateDigest = await memo.digest(candidate);
    if (avoid.includes(candidateDigest)) continue;
    return { ...base, currentDigest, candidateTag, candidateDigest, candidateReference: formatReference(candidate) };
  }
  return { ...base, currentDigest };
}

interface Planned {
  key: string;
  run: () => Promise<Outcome>;
}

function plan(request: CheckRequest, conf: RegistriesConf, memo: RunMemo): Planned {
  const policyText = typeof request.policy === 'string' ? request.policy : request.policy ? formatPolicy(request.policy) : 'digest';
  try {
    const policy = typeof request.policy === 'object' ? request.policy : parsePolicy(policyText);
    const { reference } = resolveReference(request.reference, conf);
    const prerelease = request.prerelease ?? false;
    const avoid = [...(request.avoid ?? [])].sort();
    return {
      key: `${formatReference(reference)} ${formatPolicy(policy)} ${prerelease} ${avoid.join(',')}`,
      run: () => checkOne(reference, policy, prerelease, avoid, memo).catch((err: unknown) => ({ resolved: formatReference(reference), policy: formatPolicy(policy), error: message(err) })),
    };
  } catch (err) {
    const error = message(err);
    return { key: `invalid ${request.reference} ${policyText}`, run: async () => ({ policy: policyText, error }) };
  }
}

/**
 * Checks every request, one check per distinct (reference, policy), with at
 * most `concurrency` registry requests in flight. Never rejects: failures are
 * reported per reference in `error`. Results are in request order.
 */
export async function checkImages(requests: readonly CheckRequest[], options: CheckOptions): Promise<CheckResult[]> {
  const memo = new RunMemo(options.registry, createLimiter(options.concurrency ?? DEFAULT_CONCURRENCY));
  const conf = options.registriesConf ?? EMPTY_REGISTRIES_CONF;
  const runs = new Map<string, Promise<Outcome>>();
  const outcomes = requests.map((request) => {
    const planned = plan(request, conf, memo);
    let run = runs.get(planned.key);
    if (!run) {
      run = planned.run();
      runs.set(planned.key, run);
    }
    return run.then((outcome): CheckResult => ({ reference: request.reference, ...outcome }));
  });
  return Promise.all(outcomes);
}
