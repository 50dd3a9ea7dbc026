// References from one Quadlet unit to another (x.network, y.volume, i.image, b.build,
// c.container): resolved through the pre-pass to Podman names plus service dependencies.
import type { UnitFile } from '../../unitfile';
import { QuadletError, type TranslateContext, type UnitInfo, type UnitKind } from '../types';
import { addServiceDependency } from './service';

function findUnit(ctx: TranslateContext, fileName: string, kinds: readonly UnitKind[]): UnitInfo | undefined {
  const info = ctx.unitInfo(fileName);
  return info !== undefined && kinds.includes(info.kind) ? info : undefined;
}

/** Kinds whose Podman name Quadlet learns only by converting them (a build's is its ImageTag=, known before). */
const NAMED_BY_CONVERSION: ReadonlySet<UnitKind> = new Set(['network', 'volume', 'image', 'artifact']);

/**
 * A unit that failed to convert (or has no name to give) has no service and no Podman
 * object: refuse what uses it. Quadlet does so for networks; for the others it goes on
 * with an empty name, which turns a named volume into an anonymous one (data written to
 * a volume that vanishes) and a container's image into `--rootfs` with no path, so
 * quadctl refuses those too.
 */
function requireConverted(ctx: TranslateContext, info: UnitInfo): void {
  if ((NAMED_BY_CONVERSION.has(info.kind) && ctx.failed(info.fileName)) || info.resourceName === '') {
    throw new QuadletError(`cannot get the resource name of ${info.fileName}`);
  }
}

const endsWithAny = (v: string, exts: readonly string[]): boolean => exts.some((e) => v.endsWith(e));

/**
 * Image= naming a .image or .build unit: its image reference and a dependency on its service.
 * Any other value is returned unchanged.
 */
export function resolveImage(value: string, service: UnitFile, ctx: TranslateContext): string {
  if (!endsWithAny(value, ['.image', '.build'])) return value;
  const info = findUnit(ctx, value, ['image', 'build']);
  if (info === undefined) throw new QuadletError(`requested Quadlet image ${value} was not found`);
  requireConverted(ctx, info);
  addServiceDependency(service, info.serviceName);
  return info.resourceName;
}

/**
 * A Network= value: "x.network" (optionally ":options") becomes the network's Podman name,
 * "c.container" becomes "container:<name>"; both add a service dependency.
 */
export function resolveNetwork(value: string, service: UnitFile, ctx: TranslateContext): string {
  const colon = value.indexOf(':');
  const name = colon < 0 ? value : value.slice(0, colon);
  const options = colon < 0 ? '' : value.slice(colon);
  if (!endsWithAny(name, ['.network', '.container'])) return value;
  const info = findUnit(ctx, name, name.endsWith('.network') ? ['network'] : ['container']);
  if (info === undefined) throw new QuadletError(`requested Quadlet unit ${name} was not found`);
  requireConverted(ctx, info);
  addServiceDependency(service, info.serviceName);
  if (info.kind !== 'container') return info.resourceName + options;
  if (options !== '') throw new QuadletError("extra options are not supported when joining another container's network");
  return `container:${info.resourceName}`;
}

/** The source of a Volume= or Mount=: a .volume (or, for mounts, .image) unit becomes its Podman name. */
export function resolveSource(value: string, service: UnitFile, ctx: TranslateContext, kinds: readonly UnitKind[] = ['volume']): string | undefined {
  const ext = kinds.map((k) => `.${k}`);
  if (!endsWithAny(value, ext)) return undefined;
  const info = findUnit(ctx, value, kinds);
  if (info === undefined) throw new QuadletError(`requested Quadlet source ${value} was not found`);
  requireConverted(ctx, info);
  addServiceDependency(service, info.serviceName);
  return info.resourceName;
}
