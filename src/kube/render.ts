// Files on their way to disk: YAML (one document per object, keys sorted) with
// quadctl's header and marker, and for --podman a Quadlet .kube unit per workload.
import { stringify } from 'yaml';
import { headerLines } from '../render/marker';
import { serializeUnitFile, UnitFile } from '../unitfile';
import type { KubeObject, ManifestFile } from './manifests';
import { byCodePoint } from '../text-order';

interface OutputFile {
  readonly name: string;
  readonly content: string;
}

/**
 * Whose files these are, as the marker says: the config, tagged as an export, so an
 * export into the folder `apply` installs the same config into (/etc/containers/systemd)
 * and `apply` never take each other's files for their own stale ones and remove them.
 */
export function exportOwner(source: string): string {
  return `${source}#export-kube`;
}

function document(o: KubeObject): string {
  return `---\n${stringify(o, { sortMapEntries: true, lineWidth: 0 })}`;
}

function yamlText(objects: readonly KubeObject[], source: string, what: string): string {
  return `${headerLines(exportOwner(source), what).join('\n')}\n${objects.map(document).join('')}`;
}

/** Every file's objects in one stream (`-o -`); an object two workloads share (a ConfigMap) once. */
export function streamText(files: readonly ManifestFile[], source: string): string {
  const seen = new Set<string>();
  const objects = files.flatMap((f) => f.objects).filter((o) => {
    const id = `${o.kind}/${o.metadata.name}`;
    return !seen.has(id) && seen.add(id);
  });
  return yamlText(objects, source, 'Kubernetes manifests');
}

/**
 * The Quadlet unit that runs one workload's YAML under systemd. It takes the name of
 * the service the config's unit had (web.service), so it replaces that service, and
 * keeps its Description and [Install] targets.
 */
function kubeUnit(file: ManifestFile, source: string): OutputFile | undefined {
  if (!file.service || !file.unit) return undefined;
  const u = new UnitFile();
  const description = file.unit.settings.filter((s) => s.group === 'Unit' && s.key === 'Description').pop()?.text;
  u.add('Unit', 'Description', description ?? `${file.section}, exported by quadctl`);
  u.add('Kube', 'Yaml', file.name);
  for (const s of file.unit.settings.filter((x) => x.group === 'Install')) u.add('Install', s.key, s.text);
  return { name: `${file.service}.kube`, content: serializeUnitFile(u, headerLines(exportOwner(source), 'Quadlet kube unit')) };
}

export function directoryFiles(files: readonly ManifestFile[], source: string, podman: boolean): OutputFile[] {
  const out: OutputFile[] = files.map((f) => ({ name: f.name, content: yamlText(f.objects, source, `Kubernetes manifests for [${f.section}]`) }));
  if (podman) for (const f of files) {
    const unit = kubeUnit(f, source);
    if (unit) out.push(unit);
  }
  return out.sort((a, b) => byCodePoint(a.name, b.name));
}
