// The parts of a generated service every unit type shares.
import { cEscapeChar, type UnitFile } from '../../unitfile';
import { translateDependencies } from './dependencies';
import { lookupBool } from './lookups';
import { podmanCommand } from './podman-command';
import type { SourceUnit, TranslateContext } from '../types';

/**
 * The service starts as a copy of the source with Quadlet's own groups renamed
 * to X-<Group> (systemd ignores X- groups, so the source stays visible in the output),
 * its dependencies on other Quadlet files read as their services.
 */
export function startService(source: SourceUnit, group: string, ctx: TranslateContext): UnitFile {
  const service = source.unit.clone();
  translateDependencies(service, ctx);
  service.renameGroup(group, `X-${group}`);
  service.renameGroup('Quadlet', 'X-Quadlet');
  return service;
}

/** Wants=/After= the network being online, unless [Quadlet] DefaultDependencies=false. */
export function addDefaultDependencies(service: UnitFile, source: SourceUnit, ctx: TranslateContext): void {
  if (lookupBool(source.unit, 'Quadlet', 'DefaultDependencies') === false) return;
  const target = ctx.options.isUser ? 'podman-user-wait-network-online.service' : 'network-online.target';
  service.prepend('Unit', 'After', target);
  service.prepend('Unit', 'Wants', target);
}

export function addSourcePath(service: UnitFile, source: SourceUnit): void {
  service.add('Unit', 'SourcePath', source.path);
}

/** Requires= and After= another generated service. */
export function addServiceDependency(service: UnitFile, serviceName: string): void {
  service.add('Unit', 'Requires', `${serviceName}.service`);
  service.add('Unit', 'After', `${serviceName}.service`);
}

/**
 * The start every type but container shares: the service copied from the source, the
 * network dependency, SourcePath= and the storage mount Podman needs (mountsFirst:
 * the mount before SourcePath=, as a build up to 5.5 wrote it).
 */
export function beginService(source: SourceUnit, group: string, ctx: TranslateContext, mountsFirst = false): UnitFile {
  const service = startService(source, group, ctx);
  addDefaultDependencies(service, source, ctx);
  if (mountsFirst) service.add('Unit', 'RequiresMountsFor', '%t/containers');
  addSourcePath(service, source);
  if (!mountsFirst) service.add('Unit', 'RequiresMountsFor', '%t/containers');
  return service;
}

/** Quadlet's defaults for a oneshot service (network, volume, image, artifact; build without RemainAfterExit). */
function addOneshotDefaults(service: UnitFile, source: SourceUnit, remainAfterExit: boolean): void {
  setDefault(service, source, 'Service', 'SyslogIdentifier', '%N');
  setDefault(service, source, 'Service', 'Type', 'oneshot');
  if (remainAfterExit) setDefault(service, source, 'Service', 'RemainAfterExit', 'yes');
}

interface OneshotOptions {
  /** Build: Quadlet gives a build no RemainAfterExit=yes. */
  readonly remainAfterExit?: boolean;
  /** Build up to 5.5: RequiresMountsFor= before SourcePath=. */
  readonly mountsFirst?: boolean;
}

/**
 * The service network, volume, image, artifact and build units become: one ExecStart=
 * running `podman [global args] ARGS`, then Quadlet's oneshot defaults. `args` gets the
 * service so that references can add their Requires=/After= (and a type its own keys)
 * before ExecStart= is written; it runs after the common start, so its errors and
 * warnings come in Quadlet's order.
 */
export function oneshotService(source: SourceUnit, group: string, ctx: TranslateContext, args: (service: UnitFile) => string[], options: OneshotOptions = {}): UnitFile {
  const service = beginService(source, group, ctx, options.mountsFirst);
  service.add('Service', 'ExecStart', podmanCommand(source.unit, group, ctx).add(...args(service)).toExec());
  addOneshotDefaults(service, source, options.remainAfterExit ?? true);
  return service;
}

/** Sets key unless the user's source already has it in that group. */
export function setDefault(service: UnitFile, source: SourceUnit, group: string, key: string, value: string): void {
  if (!source.unit.hasKey(group, key)) service.add(group, key, value);
}

/** Go's charNeedEscape (the ASCII part: Unicode passes as is). */
const GO_NEEDS_ESCAPE = /[\s\x00-\x1f\x7f"'\\]/;

/** Quadlet 5.8's AddEscaped: a word that needs it, quoted, with spaces as \x20. */
function goEscapedWord(word: string): string {
  if (!GO_NEEDS_ESCAPE.test(word)) return word;
  let out = '"';
  for (const ch of word) out += ch === ' ' ? '\\x20' : ch === "'" ? "'" : cEscapeChar(ch);
  return `${out}"`;
}

/** RequiresMountsFor= a host path; written escaped from 5.8 (8b8390522b), as is before. */
export function addRequiresMountsFor(service: UnitFile, path: string, ctx: TranslateContext): void {
  service.add('Unit', 'RequiresMountsFor', ctx.level.has('escaped-mounts-for') ? goEscapedWord(path) : path);
}
