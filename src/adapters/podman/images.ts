// Pulling, tagging and removing images with the podman CLI.
import type { PodmanRunner } from './run';

/** Pull by reference (by digest for the updater), with the container's auth file when it has one; resolves to the image ID. */
export async function pullImage(podman: PodmanRunner, reference: string, showProgress: boolean, authFile?: string): Promise<{ imageId: string }> {
  // -q prints only the ID; with a terminal we let podman draw its progress instead.
  const args = ['pull', ...(showProgress ? [] : ['-q']), ...(authFile ? ['--authfile', authFile] : []), reference];
  const out = await podman.run(args, { timeoutMs: 30 * 60_000, showProgress });
  const id = out.trim().split('\n').pop() ?? '';
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
