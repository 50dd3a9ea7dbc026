// Pulling, tagging and removing images with the podman CLI.
import { PodmanError, type PodmanRunner } from './run';

/**
 * How long a pull may take. A registry that stops sending (no bytes for
 * `stallMs`) ends the pull at once; `deadline` (epoch ms) bounds the whole run's
 * pulls, so a slow registry can never hold the update lock for long.
 */
export interface PullLimits {
  stallMs: number;
  deadline?: number;
  /** For people: where the limits were set (`--pull-timeout`, `--deadline`). */
  stallFrom: string;
  deadlineFrom: string;
}

export const DEFAULT_PULL_LIMITS: PullLimits = { stallMs: 120_000, stallFrom: '--pull-timeout', deadlineFrom: '--deadline' };
const ONE_PULL_MAX_MS = 30 * 60_000;

/** Pull by reference (by digest for the updater), with the container's auth file when it has one; resolves to the image ID. */
export async function pullImage(podman: PodmanRunner, reference: string, showProgress: boolean, authFile?: string, limits: PullLimits = DEFAULT_PULL_LIMITS): Promise<{ imageId: string }> {
  // -q prints only the ID; with a terminal we let podman draw its progress instead.
  const args = ['pull', ...(showProgress ? [] : ['-q']), ...(authFile ? ['--authfile', authFile] : []), reference];
  const left = limits.deadline === undefined ? ONE_PULL_MAX_MS : Math.min(ONE_PULL_MAX_MS, limits.deadline - Date.now());
  if (left <= 0) throw new Error(`not pulled: the run's deadline (${limits.deadlineFrom}) has passed`);
  const r = await podman.status(args, { timeoutMs: left, stallMs: limits.stallMs, showProgress });
  if (r.stopped?.includes('stalled')) throw new Error(`the pull of ${reference} stopped: the registry sent nothing for ${limits.stallMs / 1000} s (${limits.stallFrom})`);
  if (r.stopped) throw new Error(`the pull of ${reference} stopped: ${left === ONE_PULL_MAX_MS ? r.stopped : `the run's deadline (${limits.deadlineFrom}) passed`}`);
  if (r.code !== 0) throw new PodmanError(args, r.code, r.stderr || r.stdout);
  const id = r.stdout.trim().split('\n').pop() ?? '';
  if (/^[0-9a-f]{64}$/.test(id)) return { imageId: id };
  const inspected = (await podman.run(['image', 'inspect', '--format', '{{.Id}}', reference])).trim();
  return { imageId: inspected };
}

/** `podman tag`: the reference now names imageId; the image it named before stays in storage. */
export async function tagImage(podman: PodmanRunner, imageId: string, reference: string): Promise<void> {
  await podman.run(['tag', imageId, reference]);
}

/** Removes an image unless a container uses it (podman refuses without --force, which is never passed). */
export async function removeImage(podman: PodmanRunner, imageId: string): Promise<void> {
  await podman.run(['image', 'rm', imageId]);
}
