import { createRegistryClient, type RegistryClient } from '../../adapters/registry';
import { checkImages, type CheckResult, parsePolicy, parseReference, RegistriesConfError } from '../../registry';
import { CommandError } from '../command-error';
import { ExitCode } from '../exit-codes';
import { jsonText } from '../json-output';
import { redactUrl } from '../redact-url';

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
  throw new CommandError('check', message, ExitCode.Invalid);
}

export async function run(args: CheckArgs): Promise<void> {
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
      http: args.verbose ? { onRequest: (method, url) => process.stderr.write(`> ${method} ${redactUrl(url)}\n`) } : {},
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
    if (args.json) process.stdout.write(jsonText({ images: results }));
    else process.stdout.write(`${results.map(formatHuman).join('\n')}\n`);
    if (args.verbose) process.stderr.write(`${client.requests()} requests (${client.api.auth.tokenRequests} for tokens)\n`);
    process.exitCode = results.some((r) => r.error) ? ExitCode.Failure : ExitCode.Ok;
  } finally {
    await client.close();
  }
}

