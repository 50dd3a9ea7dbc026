import type { RegisterCommand } from './index';
import { ExitCode } from '../exit-codes';
import { checkImages, type CheckResult, DEFAULT_CONCURRENCY, parsePolicy, parseReference, RegistriesConfError } from '../../registry';
import { createRegistryClient, type RegistryClient } from '../../adapters/registry';

const DESCRIPTION = `Ask registries whether images have a new digest or a newer version tag.

Each distinct image is asked about once, however often it is listed, with at most
--concurrency requests in flight. Registries, mirrors, insecure and blocked hosts and
short-name aliases come from registries.conf; credentials from the same auth files
Podman reads (REGISTRY_AUTH_FILE, $XDG_RUNTIME_DIR/containers/auth.json,
~/.config/containers/auth.json, ~/.docker/config.json, credential helpers).

"digest" is the digest of what the tag points at — for a multi-arch image the
index/manifest list — the same digest Podman records when it pulls: compare it with
\`podman image inspect --format '{{.Digest}}' IMAGE\`.

Exit status: 0 every image was checked, 1 some check failed, 2 invalid arguments.`;

interface CheckArgs {
  images: string[];
  policy: string;
  json: boolean;
  concurrency: number;
  prerelease: boolean;
  verbose: boolean;
}

function orDash(digest: string | undefined): string {
  return digest ?? '-';
}

function formatHuman(result: CheckResult): string {
  const lines = [`${result.reference}${result.resolved && result.resolved !== result.reference ? `  (${result.resolved})` : ''}`];
  lines.push(`  policy:  ${result.policy}`);
  if (result.error) {
    lines.push(`  error:   ${result.error}`);
    return lines.join('\n');
  }
  lines.push(`  digest:  ${orDash(result.currentDigest)}`);
  if (result.candidateTag) lines.push(`  newer:   ${result.candidateTag}  ${orDash(result.candidateDigest)}`);
  else if (result.policy !== 'digest' && !result.note) lines.push('  newer:   none');
  if (result.note) lines.push(`  note:    ${result.note}`);
  return lines.join('\n');
}

function invalid(message: string): never {
  process.stderr.write(`quadctl check: ${message}\n`);
  process.exit(ExitCode.Invalid);
}

async function run(args: CheckArgs): Promise<void> {
  try {
    parsePolicy(args.policy);
    for (const image of args.images) parseReference(image);
  } catch (err) {
    invalid((err as Error).message);
  }
  if (!Number.isInteger(args.concurrency) || args.concurrency < 1) invalid(`--concurrency must be a whole number of at least 1, not ${args.concurrency}`);
  let client: RegistryClient;
  try {
    client = await createRegistryClient({
      http: args.verbose ? { onRequest: (method, url) => process.stderr.write(`> ${method} ${url}\n`) } : {},
    });
  } catch (err) {
    if (err instanceof RegistriesConfError) invalid(err.message);
    throw err;
  }
  try {
    const results = await checkImages(
      args.images.map((reference) => ({ reference, policy: args.policy, prerelease: args.prerelease })),
      { registry: client.api, registriesConf: client.registriesConf, concurrency: args.concurrency },
    );
    if (args.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    else process.stdout.write(`${results.map(formatHuman).join('\n')}\n`);
    if (args.verbose) process.stderr.write(`${client.requests()} requests (${client.api.auth.tokenRequests} for tokens)\n`);
    process.exitCode = results.some((r) => r.error) ? ExitCode.Failure : ExitCode.Ok;
  } finally {
    await client.close();
  }
}

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
        .option('json', { type: 'boolean', default: false, describe: 'Print an array of {reference, resolved, policy, currentDigest, candidateTag, candidateDigest, candidateReference, note, error}' })
        .option('concurrency', { type: 'number', default: DEFAULT_CONCURRENCY, describe: 'At most this many registry requests at once' })
        .option('verbose', { alias: 'v', type: 'boolean', default: false, describe: 'Print each request to stderr, and the total' })
        .example('$0 check docker.io/library/nginx:1.27.3 --policy patch', 'is there a newer 1.27.x, and has 1.27.3 itself moved?')
        .example('$0 check ghcr.io/org/app:v2.1.0 --policy "~2.1 || ~2.2" --json', 'machine-readable result for a range policy'),
    async (argv) => {
      await run({
        images: (argv.images ?? []).map(String),
        policy: argv.policy,
        json: argv.json,
        concurrency: argv.concurrency,
        prerelease: argv.prerelease,
        verbose: argv.verbose,
      });
    },
  );
