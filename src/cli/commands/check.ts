import type { RegisterCommand } from './register';
import { COUNT_AT_LEAST_ONE, numberOption } from './numbers';
import { DEFAULT_CONCURRENCY } from '../../registry/limit';

const DESCRIPTION = `Ask registries whether images have a new digest or a newer version tag.

Each distinct image is asked about once, however often it is listed, with at most
--concurrency requests in flight. Registries, mirrors, insecure and blocked hosts and
short-name aliases come from registries.conf; credentials from the same auth files
Podman reads (REGISTRY_AUTH_FILE, $XDG_RUNTIME_DIR/containers/auth.json,
~/.config/containers/auth.json, ~/.docker/config.json, credential helpers).

"digest" is the digest of what the tag points at — for a multi-arch image the
index/manifest list — one of the digests Podman records when it pulls: compare it with
\`podman image inspect --format '{{.RepoDigests}}' IMAGE\` (Podman 5's .Digest is the
per-platform manifest's for a multi-arch image).

Exit status: 0 every image was checked, 1 some check failed, 2 invalid arguments.`;

export const register: RegisterCommand = (cli) =>
  cli.command(
    'check <images..>',
    'Ask registries for new digests and newer version tags of images',
    (y) =>
      y
        .usage(`$0 check IMAGE... [options]\n\n${DESCRIPTION}`)
        .positional('images', { type: 'string', array: true, demandOption: true, describe: 'Image references, e.g. docker.io/library/nginx:1.27.3 or nginx:1.27 (short names via registries.conf)' })
        .option('policy', {
          type: 'string',
          default: 'digest',
          describe: 'digest: same tag, new digest; patch / minor / major: newest version tag within that bound; or a semver range such as "~1.4" or ">=2 <3"',
        })
        .option('prerelease', { type: 'boolean', default: false, describe: 'Let pre-release tags (2.0.0-rc.1) be candidates' })
        .option('json', { type: 'boolean', default: false, describe: 'Print {schemaVersion, images: [{reference, resolved, policy, currentDigest, candidateTag, candidateDigest, candidateReference, note, error}]} (docs/json.md)' })
        .option('concurrency', { type: 'string', requiresArg: true, default: String(DEFAULT_CONCURRENCY), coerce: numberOption('concurrency', COUNT_AT_LEAST_ONE), describe: 'At most this many registry requests at once' })
        .option('verbose', { alias: 'v', type: 'boolean', default: false, describe: 'Print each request to stderr, and the total' })
        .example('$0 check docker.io/library/nginx:1.27.3 --policy patch', 'is there a newer 1.27.x, and has 1.27.3 itself moved?')
        .example('$0 check ghcr.io/org/app:v2.1.0 --policy "~2.1 || ~2.2" --json', 'machine-readable result for a range policy'),
    async (argv) => {
      const { run } = await import('../handlers/check');
      await run({
        images: (argv.images ?? []).map(String),
        policy: argv.policy,
        json: argv.json,
        concurrency: argv.concurrency ?? DEFAULT_CONCURRENCY,
        prerelease: argv.prerelease,
        verbose: argv.verbose,
      });
    },
  );
