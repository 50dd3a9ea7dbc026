/**
 * Compose → quadctl config (pure: files are read through the caller's reader).
 *
 *   const r = importCompose(reader, { files: ['/abs/compose.yaml'], env: process.env, healthWait: 'notify' });
 *   r.text: the config; r.dropped: every field not carried over, with its path and why
 *
 * The mapping is documented in docs/compose.md.
 */
import { basename } from 'node:path';
import { formatIssue, loadConfig } from '../config';
import { convertDependencies, type HealthWait } from './dependencies';
import { add, type Dropped, Output } from './output';
import { type ComposeReader, loadProject, type Project, type ProjectOptions } from './project';
import { convertResources } from './resources';
import { convertService, serviceNetworks, type ServiceUnits } from './service';
import { writeConfig } from './write';

export { ComposeError, type ComposeReader } from './project';
export { ComposeSyntaxError } from './yaml-load';
export type { Dropped } from './output';
export type { HealthWait } from './dependencies';

export interface ImportOptions extends ProjectOptions {
  /** One [pod.*] for the whole project: services share its network namespace and ports. */
  readonly pod?: boolean;
  readonly healthWait: HealthWait;
}

export interface ImportResult {
  readonly project: string;
  readonly text: string;
  readonly dropped: readonly Dropped[];
  /** Variables used while unset (Compose uses ''), with the first path using each. */
  readonly unset: ReadonlyMap<string, string>;
  readonly services: readonly string[];
  readonly inactive: readonly string[];
  readonly sections: number;
}

/**
 * The config text, checked by quadctl's own reader. A value the config can not
 * hold (a lone `;` in a command, which Quadlet would write unescaped) is taken
 * out and reported as not carried over, like any other field.
 */
function writeChecked(project: Project, out: Output, header: readonly string[]): string {
  for (;;) {
    const { text, lines } = writeConfig(out, header);
    const check = loadConfig(text, { file: '(imported config)', env: {} });
    if (check.config) return text;
    const bad = check.issues.map((issue) => ({ issue, at: lines.get(issue.line) }));
    const unknown = bad.filter((b) => b.at === undefined);
    // Anything else is a mistake of the importer, not of the compose file.
    if (unknown.length > 0) throw new Error(`the imported config does not validate (please report this):\n${check.issues.map(formatIssue).join('\n')}\n---\n${text}`);
    for (const { issue, at } of bad) {
      if (!at) continue;
      const { section, entry } = at;
      // A whole section that can not stand (a container left without an image) goes; else the one value.
      const list: unknown[] = entry ? section.entries : out.sections;
      const index = list.indexOf(entry ?? section);
      if (index >= 0) list.splice(index, 1);
      const reason = entry ? `${entry.key} can not hold this value: ${issue.message}` : `not written: ${issue.message}`;
      out.dropped.push({ path: section.source, reason, at: project.positions.get(section.source.split('.')) });
    }
  }
}

/** quadctl reads `%{X}` as systemd's specifier %X and has no literal form for it. */
const SPECIFIER = /%\{[A-Za-z]\}/;

/** Values holding `%{X}` would reach the container as a systemd specifier: reported, never rewritten. */
function dropSpecifierValues(project: Project, out: Output): void {
  for (const section of out.sections) {
    const kept = section.entries.filter((e) => {
      const holds = (typeof e.value === 'string' ? [e.value] : e.value).some((v) => SPECIFIER.test(v));
      if (holds) out.dropped.push({ path: section.source, reason: `${e.key} can not hold this value: %{X} is read as a systemd specifier`, at: project.positions.get(section.source.split('.')) });
      return !holds;
    });
    section.entries.splice(0, section.entries.length, ...kept);
  }
}

export function importCompose(reader: ComposeReader, options: ImportOptions): ImportResult {
  const project = loadProject(reader, options);
  const out = new Output();
  const used = new Set(Object.values(project.services).flatMap(serviceNetworks));
  const { networks, volumes } = convertResources(project, out, used);
  const pod = options.pod ? out.section('pod', project.name, 'services', [`the project (--pod): its services share one network namespace and reach each other on localhost`]) : undefined;
  // Services call each other by name; in one pod they all answer on its localhost.
  if (pod) for (const name of Object.keys(project.services)) add(pod, 'AddHost', `${name}:127.0.0.1`);
  const units = new Map<string, ServiceUnits>();
  for (const [name, svc] of Object.entries(project.services)) units.set(name, convertService({ project, out, networks, volumes, pod }, name, svc));
  const waited = convertDependencies(project, out, units, options.healthWait);
  if (waited && options.healthWait === 'poll') out.notes.push('service_healthy dependencies poll `podman healthcheck run` in ExecStartPost (this Podman has no Notify=healthy).');
  const header = [
    `quadctl config imported from Compose project "${project.name}" (${options.files.map((f) => basename(f)).join(', ')}) by quadctl import compose.`,
    'Each section names the part of the compose file it was made from.',
  ];
  dropSpecifierValues(project, out);
  const text = writeChecked(project, out, header);
  return { project: project.name, text, dropped: out.dropped, unset: project.unset, services: Object.keys(project.services), inactive: project.inactive, sections: out.sections.length };
}
