// The systemd target: each rendered Quadlet file goes through quadctl's Quadlet
// translation, then is adapted to the host's Podman and checked flag by flag.
import { translateAll } from '../quadlet/translate';
import type { SourceUnit } from '../quadlet/types';
import { splitWords, type UnitFile } from '../unitfile';
import type { ConfigUnit } from '../config';
import type { RenderProblem } from './errors';
import { adaptToPodman, quadletOutputFor } from './podman-compat';
import { adaptToRootlessCgroupV1 } from './rootless-cgroup-v1';
import { checkPodmanLine, type FlagProblem } from './podman-flags';
import { atLeast, formatVersion, parseVersion, QUADLET_SINCE, type Version } from './podman-version';

interface TranslateInput {
  readonly unit: ConfigUnit;
  readonly quadlet: UnitFile;
}

interface TranslatedService {
  readonly unit: ConfigUnit;
  readonly serviceName: string;
  readonly service: UnitFile;
  /** Each adaptation made, as "what it was adapted to: why". */
  readonly notes: readonly string[];
}

interface SystemdTargetOptions {
  readonly host: Version;
  /** The host's cgroup hierarchy: 1 when only v1 controllers are mounted (not the unified one). */
  readonly cgroupVersion: 1 | 2;
  readonly isUser: boolean;
  readonly podman: string;
  /** Folder relative paths in the config (Yaml=, EnvironmentFile=) are resolved against. */
  readonly baseDir: string;
  /** Written as SourcePath= so `systemctl status` points at the config. */
  readonly source: string;
}

const EXEC_KEYS = ['ExecStartPre', 'ExecStart', 'ExecStartPost', 'ExecStop', 'ExecStopPost', 'ExecReload', 'ExecCondition'];

/** Whether the host's Podman takes a flag it does not know from the 4.3 table. */
function blocks(p: FlagProblem, host: Version): boolean {
  const since = p.since === undefined ? undefined : parseVersion(p.since);
  if (since) return !atLeast(host, since);
  return !atLeast(host, QUADLET_SINCE);
}

function flagProblems(service: UnitFile, unit: ConfigUnit, host: Version): RenderProblem[] {
  const seen = new Set<string>();
  const out: RenderProblem[] = [];
  for (const key of EXEC_KEYS) {
    for (const line of service.lookupAll('Service', key)) {
      for (const p of checkPodmanLine(line).filter((x) => blocks(x, host))) {
        if (seen.has(p.flag)) continue;
        seen.add(p.flag);
        const setting = unit.settings.find((s) => s.key === p.key);
        const need = p.since ? `Podman ${p.since} or later` : 'a newer Podman';
        out.push({
          unit: unit.fileName,
          message: `${p.key ? `${p.key} needs ${need}` : `podman ${p.flag} needs ${need}`} (podman ${p.flag}); this host has Podman ${formatVersion(host)}`,
          line: setting?.origin?.line,
          section: setting?.origin?.section,
          key: setting?.origin?.key ?? p.key,
        });
      }
    }
  }
  return out;
}

function sourcesOf(inputs: readonly TranslateInput[], baseDir: string): SourceUnit[] {
  return inputs.map((i) => ({ fileName: i.unit.fileName, path: `${baseDir.replace(/\/$/, '')}/${i.unit.fileName}`, kind: i.unit.kind, unit: i.quadlet }));
}

export function toServices(inputs: readonly TranslateInput[], options: SystemdTargetOptions): { services: TranslatedService[]; problems: RenderProblem[]; warnings: string[] } {
  const warnings: string[] = [];
  const problems: RenderProblem[] = [];
  const services: TranslatedService[] = [];
  const byFile = new Map(inputs.map((i) => [i.unit.fileName, i.unit]));
  const { level } = quadletOutputFor(options.host);
  const translated = translateAll(sourcesOf(inputs, options.baseDir), { isUser: options.isUser, podman: options.podman, level }, (m) => warnings.push(m));
  for (const t of translated) {
    const unit = byFile.get(t.source.fileName);
    if (!unit) continue;
    if (!t.service) {
      problems.push({ unit: unit.fileName, message: t.error ?? 'the Quadlet translation failed', line: unit.line, section: unit.section });
      continue;
    }
    const service = t.service;
    const notes = adaptToPodman(service, unit.kind, options.host);
    const cgroupNote = options.isUser && options.cgroupVersion === 1 ? adaptToRootlessCgroupV1(service, unit.kind) : null;
    if (cgroupNote) notes.push(`cgroup v1: ${cgroupNote}`);
    service.set('Unit', 'SourcePath', options.source);
    const bad = flagProblems(service, unit, options.host);
    for (const b of bad) problems.push(b);
    if (bad.length === 0) services.push({ unit, serviceName: `${t.source.serviceName}.service`, service, notes });
  }
  return { services, problems, warnings };
}

/** `[Install]` WantedBy=/RequiredBy=/Alias= as the symlinks `systemctl enable` would make. */
export function installLinks(serviceName: string, service: UnitFile): { name: string; target: string }[] {
  const words = (key: string): string[] => service.lookupAll('Install', key).flatMap((v) => splitWords(v));
  return [
    ...words('WantedBy').map((t) => ({ name: `${t}.wants/${serviceName}`, target: `../${serviceName}` })),
    ...words('RequiredBy').map((t) => ({ name: `${t}.requires/${serviceName}`, target: `../${serviceName}` })),
    ...words('UpheldBy').map((t) => ({ name: `${t}.upholds/${serviceName}`, target: `../${serviceName}` })),
    ...words('Alias').map((a) => ({ name: a, target: serviceName })),
  ];
}
