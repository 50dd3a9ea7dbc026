/**
 * Rendering (pure): a validated Config → the files of a target.
 *
 *   renderConfig(config, { target: 'quadlet' | 'systemd', templates, source, host, isUser, podman, baseDir })
 *     → { files: [{ name, content } | { name, link }], problems, warnings }
 *
 * Quadlet target: one NAME.TYPE per unit from its template (templates/unit.hbs unless
 * --templates DIR has its own; docs/templates.md). systemd target:
 * the same files through the Quadlet translation, adapted to the host's Podman.
 */
import type { Config, ConfigUnit } from '../config';
import { UNIT_TYPES, unitService } from '../config';
import { type UnitFile, serializeUnitFile } from '../unitfile';
import { UNIT_LINE_MAX_BYTES } from '../config';
import type { RenderProblem } from './errors';
import { headerLines } from './marker';
import { installLinks, toServices } from './systemd-target';
import { compileTemplates, templateContext, type TemplateSet, unsafeSource, verifyRendered } from './templates';
import { quadletOutputFor } from './podman-compat';
import { atLeast, formatVersion, OLDEST_SUPPORTED, QUADLET_SINCE, type Version } from './podman-version';

export type Target = 'quadlet' | 'systemd';

interface RenderOptions {
  readonly target: Target;
  readonly templates: TemplateSet;
  /** The config file, as written into each file's marker and SourcePath=. */
  readonly source: string;
  /** The host's Podman (needed for the systemd target). */
  readonly host?: Version;
  /** The host's cgroup hierarchy (the systemd target adapts rootless units to v1); default 2. */
  readonly cgroupVersion?: 1 | 2;
  readonly isUser: boolean;
  readonly podman: string;
  readonly baseDir: string;
}

export type RenderedFile =
  | { readonly name: string; readonly content: string; readonly unit: string; readonly service: string }
  | { readonly name: string; readonly link: string; readonly unit: string; readonly service: string };

export interface RenderResult {
  readonly files: readonly RenderedFile[];
  readonly problems: readonly RenderProblem[];
  readonly warnings: readonly string[];
}

interface QuadletRendered {
  readonly unit: ConfigUnit;
  readonly text: string;
  readonly parsed: UnitFile;
}

function renderQuadletFiles(config: Config, options: RenderOptions, problems: RenderProblem[]): QuadletRendered[] {
  const compiled = compileTemplates(options.templates);
  const unsafe = unsafeSource(options.source);
  if (unsafe !== undefined) {
    problems.push({ unit: '(all)', message: unsafe });
    return [];
  }
  const out: QuadletRendered[] = [];
  for (const unit of config.units) {
    let text: string;
    try {
      text = compiled[unit.kind](templateContext(unit, UNIT_TYPES[unit.kind].group, options.source)).replace(/\n+$/, '\n');
    } catch (e) {
      problems.push({ unit: unit.fileName, message: `the .${unit.kind} template failed: ${(e as Error).message}` });
      continue;
    }
    const parsed = verifyRendered(text, unit.settings);
    if (typeof parsed === 'string') problems.push({ unit: unit.fileName, message: `the .${unit.kind} template: ${parsed}` });
    else out.push({ unit, text, parsed });
  }
  return out;
}

/**
 * Quadlet files for a host's Podman may only use the keys and types its Quadlet knows
 * (from the key catalog's `since`): anything newer is an error naming the release.
 */
function newerThanHost(config: Config, host: Version): RenderProblem[] {
  const level = quadletOutputFor(host).level;
  return config.units.flatMap((unit): RenderProblem[] => {
    const type = UNIT_TYPES[unit.kind];
    const where = { unit: unit.fileName, line: unit.line, section: unit.section };
    if (!level.knows(type.since)) return [{ ...where, message: `the .${unit.kind} type needs Podman ${type.since ?? ''} or later; this host has Podman ${formatVersion(host)}` }];
    return unit.settings.flatMap((s): RenderProblem[] => {
      const spec = s.group === type.group && Object.hasOwn(type.keys, s.key) ? type.keys[s.key] : undefined;
      if (spec === undefined || level.knows(spec.since)) return [];
      return [{ unit: unit.fileName, line: s.origin?.line, section: s.origin?.section, key: s.origin?.key ?? s.key, message: `needs Podman ${spec.since ?? ''} or later (Quadlet's ${s.key}=); this host has Podman ${formatVersion(host)}` }];
    });
  });
}

function systemdFiles(rendered: readonly QuadletRendered[], options: RenderOptions, problems: RenderProblem[], warnings: string[]): RenderedFile[] {
  const host = options.host;
  if (!host) throw new Error('the systemd target needs the host Podman version');
  if (!atLeast(host, OLDEST_SUPPORTED)) {
    problems.push({ unit: '(all)', message: `Podman ${formatVersion(host)} is older than ${formatVersion(OLDEST_SUPPORTED)}, the oldest whose options quadctl knows` });
    return [];
  }
  const result = toServices(rendered.map((r) => ({ unit: r.unit, quadlet: r.parsed })), { host, cgroupVersion: options.cgroupVersion ?? 2, isUser: options.isUser, podman: options.podman, baseDir: options.baseDir, source: options.source });
  for (const p of result.problems) problems.push(p);
  for (const w of result.warnings) warnings.push(w);
  return result.services.flatMap((s) => {
    const header = [...headerLines(options.source, `${s.serviceName} for [${s.unit.section}]`), ...s.notes.map((n) => `# Adapted to ${n}`)];
    const file: RenderedFile = { name: s.serviceName, content: serializeUnitFile(s.service, header), unit: s.unit.fileName, service: s.serviceName };
    const links = installLinks(s.serviceName, s.service).map((l) => ({ ...l, link: l.target, unit: s.unit.fileName, service: s.serviceName }));
    return [file, ...links];
  });
}

/**
 * Lines systemd would refuse ("Line too long": LONG_LINE_MAX, 1 MiB) although
 * each value fits — many values that end up on one line, like the ExecStart=
 * of the systemd target, which holds every podman argument.
 */
function tooLongLines(files: readonly RenderedFile[], config: Config): RenderProblem[] {
  const problems: RenderProblem[] = [];
  for (const f of files) {
    if (!('content' in f) || Buffer.byteLength(f.content) <= UNIT_LINE_MAX_BYTES) continue;
    const unit = config.units.find((u) => u.fileName === f.unit);
    f.content.split('\n').forEach((line, i) => {
      const bytes = Buffer.byteLength(line);
      if (bytes <= UNIT_LINE_MAX_BYTES) return;
      const key = line.slice(0, Math.max(0, line.indexOf('='))).trim();
      problems.push({
        unit: f.unit,
        ...(unit ? { section: unit.section } : {}),
        ...(key ? { key } : {}),
        message: `${f.name} line ${i + 1} (${key || 'a line'}) is ${Math.ceil(bytes / 1024)} KiB; systemd refuses unit files with a line of 1 MiB or more ("Line too long") — fewer or shorter values (an EnvironmentFile= for many variables)`,
      });
    });
  }
  return problems;
}

/** Below this a Quadlet file can not make Podman's Quadlet write a 1 MiB line (its words are not longer than our keys). */
const QUADLET_CHECK_FROM_BYTES = 256 * 1024;

/** The Quadlet target: what Podman's Quadlet will write from a large file, checked through our translation of it. */
function quadletOutputTooLong(rendered: readonly QuadletRendered[], options: RenderOptions, config: Config): RenderProblem[] {
  const large = rendered.filter((r) => Buffer.byteLength(r.text) > QUADLET_CHECK_FROM_BYTES);
  if (large.length === 0) return [];
  const services = systemdFiles(large, { ...options, host: options.host ?? QUADLET_SINCE }, [], []);
  return tooLongLines(services, config).map((p) => ({ ...p, message: `from what Podman's Quadlet would generate: ${p.message}` }));
}

export function renderConfig(config: Config, options: RenderOptions): RenderResult {
  const problems: RenderProblem[] = [];
  const warnings: string[] = [];
  const rendered = renderQuadletFiles(config, options, problems);
  if (options.target === 'systemd') {
    const files = systemdFiles(rendered, options, problems, warnings);
    for (const p of tooLongLines(files, config)) problems.push(p);
    // In the order the config has them, so the user reads them top to bottom.
    problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    return { files: problems.length > 0 ? [] : files, problems, warnings };
  }
  if (options.host) problems.push(...newerThanHost(config, options.host));
  const files = rendered.map((r): RenderedFile => ({
    name: r.unit.fileName,
    content: `${headerLines(options.source, `${r.unit.fileName} for [${r.unit.section}]`).join('\n')}\n${r.text}`,
    unit: r.unit.fileName,
    service: unitService(r.unit),
  }));
  for (const p of tooLongLines(files, config)) problems.push(p);
  for (const p of quadletOutputTooLong(rendered, options, config)) problems.push(p);
  return { files: problems.length > 0 ? [] : files, problems, warnings };
}

export { type RenderProblem } from './errors';
export { markerSource, MARKER_PREFIX } from './marker';
export { parseVersion, formatVersion, atLeast, QUADLET_SINCE, type Version } from './podman-version';
export type { TemplateSet } from './templates';
export { withResolvedImages, describeResolved, requestOf, resolvedRows, type ResolvedImage } from './resolved-images';
