// The host's Podman version, from `podman version --format json`.
import { execFile } from 'node:child_process';

class PodmanVersionError extends Error {}

interface VersionJson {
  readonly Client?: { readonly Version?: string };
  readonly Server?: { readonly Version?: string };
}

/** "4.3.1"; throws PodmanVersionError with what went wrong when podman cannot be asked. */
export function podmanVersion(podman = 'podman'): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(podman, ['version', '--format', 'json'], { timeout: 15_000 }, (err, stdout, stderr) => {
      if (err) {
        reject(new PodmanVersionError(`cannot run \`${podman} version\`: ${stderr.trim() || err.message} (pass --podman-version or --target)`));
        return;
      }
      try {
        const parsed = JSON.parse(stdout) as VersionJson;
        const v = parsed.Client?.Version ?? parsed.Server?.Version;
        if (!v) throw new Error('no Client.Version');
        resolve(v);
      } catch (e) {
        reject(new PodmanVersionError(`unexpected output from \`${podman} version --format json\`: ${(e as Error).message}`));
      }
    });
  });
}
