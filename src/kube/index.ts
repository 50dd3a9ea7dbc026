/**
 * `quadctl export kube` (pure): the validated config → Kubernetes manifests.
 *
 *   const model = buildExport(config, { podman, units, baseDir });   // workloads, claims, notCarried, warnings, problems
 *   const files = manifestFiles(model, { podman, envFiles });       // objects grouped per section, sorted
 *   validateObject(object)                                          // schema problems, [] when valid
 *   directoryFiles(files, source, podman) / streamText(files, source) // the text to write
 *
 * docs/kube.md has the mapping, key by key.
 */
export { buildExport } from './export';
export { envFilePaths, manifestFiles, type KubeObject } from './manifests';
export { directoryFiles, exportOwner, streamText } from './render';
export { validateObject } from './validate';
export type { ExportWarning, NotCarried } from './model';
