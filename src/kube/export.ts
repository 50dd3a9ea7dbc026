// The config → Kubernetes objects: a Deployment per container outside a pod and per
// pod (with its containers), a Service per workload with published ports, a
// PersistentVolumeClaim per named volume, a ConfigMap per env file. Every value is
// either carried or listed in notCarried with the reason.
import type { Config, ConfigUnit } from '../config';
import { UNIT_TYPES } from '../config';
import { serviceName } from '../quadlet/names';
import { decodeUnit, type Decoded } from './decode';
import type { ExportWarning, NotCarried, Target, WorkloadDraft } from './model';
import { dnsLabel } from './names';
import { CONTAINER_RULES } from './container-rules';
import type { References, Rule } from './rule';
import { KUBE_UNIT_KEYS, POD_RULES, SECTION_REASONS, SYSTEMD_GROUP_REASONS, SYSTEMD_RULES, VOLUME_RULES } from './section-rules';
import { applyUpdateSettings } from './update-policy';
import { byCodePoint } from '../text-order';

interface ExportOptions {
  /** Manifests for `podman kube play` (hostPort, its kinds, a .kube unit) instead of a cluster. */
  readonly podman: boolean;
  /** Only these units (section or unit names) and what they use; all when empty. */
  readonly units: readonly string[];
  readonly baseDir: string;
}

export interface Workload {
  readonly draft: WorkloadDraft;
  readonly unit: ConfigUnit;
  /** The systemd service the config's unit had (web.service, demo-pod.service): the .kube unit's name. */
  readonly service: string;
}

export interface Claim {
  readonly name: string;
  /** The [volume.*] it comes from; undefined for a Podman volume named only in a mount. */
  readonly unit?: ConfigUnit;
  readonly labels: readonly string[];
}

export interface ExportModel {
  readonly workloads: readonly Workload[];
  readonly claims: readonly Claim[];
  readonly notCarried: readonly NotCarried[];
  readonly warnings: readonly ExportWarning[];
  /** Bad input (an unknown --unit, two sections with one Kubernetes name): nothing is exported. */
  readonly problems: readonly string[];
}

const OWN_RULES: Readonly<Partial<Record<string, Readonly<Record<string, Rule>>>>> = { container: CONTAINER_RULES, pod: POD_RULES, volume: VOLUME_RULES };

function refKey(unit: ConfigUnit): string {
  return `${unit.name}.${unit.kind}`;
}

function imageRefs(config: Config): Map<string, string> {
  const out = new Map<string, string>();
  for (const u of config.units) {
    const key = u.kind === 'image' ? 'Image' : u.kind === 'build' ? 'ImageTag' : undefined;
    const v = key && decodeUnit(u).find((d) => d.key === key)?.text;
    if (v) out.set(refKey(u), v);
  }
  return out;
}

function podOf(unit: ConfigUnit): string | undefined {
  return decodeUnit(unit).find((d) => d.key === 'Pod')?.text;
}

class Collector {
  readonly notCarried: NotCarried[] = [];
  readonly warnings: ExportWarning[] = [];
  constructor(private readonly refs: References) {}

  /** Runs every value of the unit through its rule. */
  apply(unit: ConfigUnit, target: Target): void {
    const all = decodeUnit(unit);
    const own = UNIT_TYPES[unit.kind].group;
    for (const d of all) {
      const key = d.group === own ? d.key : `${d.group}.${d.key}`;
      const where = { section: unit.section, line: d.origin?.line ?? unit.line, key: d.origin?.key ?? key };
      const rule = d.group === own ? OWN_RULES[unit.kind]?.[d.key] : SYSTEMD_RULES[key];
      if (d.specifier !== undefined && d.group === own) {
        this.notCarried.push({ ...where, reason: `it uses the systemd specifier ${d.specifier}, which only the host's systemd expands: write the value itself` });
        continue;
      }
      if (rule === undefined) {
        if (d.group === own) throw new Error(`no Kubernetes mapping for ${unit.kind} key ${d.key}`);
        if (!(this.refs.podman && KUBE_UNIT_KEYS.has(key))) this.notCarried.push({ ...where, reason: SYSTEMD_GROUP_REASONS[d.group] ?? 'a systemd setting' });
        continue;
      }
      if ('drop' in rule) {
        this.notCarried.push({ ...where, reason: rule.drop });
        continue;
      }
      rule.carry({
        target,
        value: d,
        unit: all,
        refs: this.refs,
        owner: target.container === undefined || target.workload.section === unit.section,
        drop: (reason) => this.notCarried.push({ ...where, reason }),
        warn: (message) => this.warnings.push({ ...where, message }),
      });
    }
  }
}

function newWorkload(unit: ConfigUnit): WorkloadDraft {
  return {
    name: dnsLabel(unit.name),
    section: unit.section,
    containers: [],
    pod: {},
    volumes: new Map(),
    podLabels: {},
    podAnnotations: {},
    annotations: {},
    published: [],
    configMaps: new Map(),
    claims: new Set(),
  };
}

/** The service Quadlet names the unit's (ServiceName=, else NAME plus the kind's suffix); the .kube unit's file name. */
function serviceOf(unit: ConfigUnit, all: readonly Decoded[]): string {
  const own = all.find((d) => d.key === 'ServiceName')?.text;
  return serviceName(unit.kind, unit.name, own !== undefined && /^[A-Za-z0-9][A-Za-z0-9_.:@-]*$/.test(own) ? own : undefined);
}

function addContainer(c: Collector, unit: ConfigUnit, workload: WorkloadDraft): void {
  const container = { name: dnsLabel(unit.name), image: '' };
  workload.containers.push(container);
  const target = { workload, container };
  c.apply(unit, target);
  c.notCarried.push(...applyUpdateSettings(unit, target, unit.line));
}

/** Which units the export covers: --unit names (a container in a pod brings its pod), or all. */
function select(config: Config, names: readonly string[]): { units: Set<ConfigUnit>; problems: string[] } {
  if (names.length === 0) return { units: new Set(config.units), problems: [] };
  const units = new Set<ConfigUnit>();
  const problems: string[] = [];
  for (const n of names) {
    const found = config.units.filter((u) => u.section === n || u.name === n || `${u.name}.${u.kind}` === n);
    if (found.length === 0) problems.push(`--unit ${n}: the config has no such unit (name it as in its section: web, or container.web)`);
    if (found.length > 1) problems.push(`--unit ${n}: more than one section is called that (${found.map((u) => `[${u.section}]`).join(', ')}); name the section`);
    if (found.length === 1) units.add(found[0]);
  }
  for (const u of [...units]) {
    const pod = u.kind === 'container' ? podOf(u) : undefined;
    const owner = pod === undefined ? undefined : config.units.find((p) => p.kind === 'pod' && refKey(p) === pod);
    if (owner) units.add(owner);
  }
  return { units, problems };
}

function collisions(workloads: readonly Workload[], claims: readonly Claim[]): string[] {
  const problems: string[] = [];
  const check = (items: readonly { name: string; section: string }[], what: string): void => {
    const seen = new Map<string, string>();
    for (const i of items) {
      const other = seen.get(i.name);
      if (other !== undefined && other !== i.section) problems.push(`[${other}] and [${i.section}] would both be the ${what} ${i.name}: rename one`);
      else seen.set(i.name, i.section);
    }
  };
  check(workloads.map((w) => ({ name: w.draft.name, section: w.unit.section })), 'Deployment');
  check(claims.filter((c) => c.unit).map((c) => ({ name: c.name, section: c.unit?.section ?? '' })), 'PersistentVolumeClaim');
  for (const w of workloads) check(w.draft.containers.map((c) => ({ name: c.name, section: c.name })), `container of ${w.draft.name}`);
  return problems;
}

export function buildExport(config: Config, options: ExportOptions): ExportModel {
  const { units, problems } = select(config, options.units);
  const c = new Collector({ images: imageRefs(config), baseDir: options.baseDir, podman: options.podman });
  const workloads: Workload[] = [];
  const pods = config.units.filter((u) => u.kind === 'pod');
  for (const unit of config.units) {
    if (!units.has(unit)) continue;
    if (unit.kind === 'container' && podOf(unit) === undefined) {
      const draft = newWorkload(unit);
      addContainer(c, unit, draft);
      workloads.push({ draft, unit, service: serviceOf(unit, decodeUnit(unit)) });
    } else if (unit.kind === 'pod') {
      const draft = newWorkload(unit);
      // Containers first: the pod's own keys (Volume, PublishPort) apply to all of them.
      for (const member of config.units.filter((m) => m.kind === 'container' && podOf(m) === refKey(unit))) addContainer(c, member, draft);
      c.apply(unit, { workload: draft });
      workloads.push({ draft, unit, service: serviceOf(unit, decodeUnit(unit)) });
    } else if (unit.kind !== 'container' && unit.kind !== 'volume') {
      c.notCarried.push({ section: unit.section, line: unit.line, reason: SECTION_REASONS[unit.kind] ?? 'no Kubernetes object' });
    }
  }
  for (const pod of pods) {
    const w = workloads.find((x) => x.unit === pod);
    if (w && w.draft.containers.length === 0) problems.push(`[${pod.section}] has no container (Pod = ${pod.name} in a [container.*]): a Deployment needs at least one`);
  }
  const claims = claimsOf(config, units, workloads, c);
  return { workloads, claims, notCarried: c.notCarried, warnings: c.warnings, problems: [...problems, ...collisions(workloads, claims)] };
}

/** Claims for the selected [volume.*] sections and every named volume a workload mounts. */
function claimsOf(config: Config, units: ReadonlySet<ConfigUnit>, workloads: readonly Workload[], c: Collector): Claim[] {
  const volumes = config.units.filter((u) => u.kind === 'volume');
  const wanted = new Set(workloads.flatMap((w) => [...w.draft.claims]));
  const out = new Map<string, Claim>();
  for (const v of volumes) {
    const name = dnsLabel(v.name);
    if (!units.has(v) && !wanted.has(name)) continue;
    c.apply(v, { workload: newWorkload(v) });
    out.set(name, { name, unit: v, labels: decodeUnit(v).filter((d) => d.key === 'Label').map((d) => d.text) });
  }
  for (const name of wanted) if (!out.has(name)) out.set(name, { name, labels: [] });
  return [...out.values()].sort((a, b) => byCodePoint(a.name, b.name));
}
