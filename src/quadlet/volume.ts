// [Volume] -> a oneshot service running `podman volume create --ignore ... NAME`.
import type { UnitFile } from '../unitfile';
import { emitBools, type BoolRule } from './common/flag-tables';
import { keyValueArgs } from './common/key-values';
import { lookupLast, trimQuotes } from './common/lookups';
import { podmanArgs } from './common/podman-command';
import { resolveImage } from './common/references';
import { addRequiresMountsFor, oneshotService } from './common/service';
import { numericId } from './volume-ids';
import { QuadletError, type TranslateContext, type TypeModule, type UnitInfo } from './types';

const G = 'Volume';

/** Copy= is written as a mount option either way once present. */
const COPY: readonly BoolRule[] = [{ key: 'Copy', whenTrue: ['--opt', 'copy'], whenFalse: ['--opt', 'nocopy'] }];

/** Mount settings that only make sense for a device; in `--opt KEY=VALUE` order. */
const DEVICE_OPTIONS: ReadonlyArray<readonly [key: string, opt: string]> = [
  ['Device', 'device'],
  ['Type', 'type'],
];

/** Keys that need Device= (Quadlet refuses them alone). */
const NEEDS_DEVICE = ['Type', 'Options'];

/** Owner keys, written first inside `--opt o=`. */
const OWNER_OPTIONS: ReadonlyArray<readonly [key: string, opt: string]> = [
  ['User', 'uid'],
  ['Group', 'gid'],
];

/** The `o=` mount option: uid=/gid= from User=/Group=, then Options=. */
function mountOptions(unit: UnitFile): string[] {
  const owners = OWNER_OPTIONS.flatMap(([key, opt]) => {
    const v = unit.lookup(G, key);
    return v === undefined ? [] : [`${opt}=${numericId(trimQuotes(v))}`];
  });
  const options = lookupLast(unit, G, 'Options');
  const all = [...owners, ...(options === undefined ? [] : [options])];
  return all.length === 0 ? [] : ['--opt', `o=${all.join(',')}`];
}

function localDriverOptions(unit: UnitFile, service: UnitFile, ctx: TranslateContext): string[] {
  const device = lookupLast(unit, G, 'Device');
  if (device === undefined) {
    const orphan = NEEDS_DEVICE.find((k) => lookupLast(unit, G, k) !== undefined);
    if (orphan !== undefined) throw new QuadletError(`key ${orphan} can't be used without Device`);
  }
  const deviceOpts = DEVICE_OPTIONS.flatMap(([key, opt]) => {
    const v = lookupLast(unit, G, key);
    return v === undefined ? [] : ['--opt', `${opt}=${v}`];
  });
  // From 5.6 a bind "device" is a host path systemd must mount first.
  if (device !== undefined && lookupLast(unit, G, 'Type') === 'bind' && ctx.level.has('bind-volume-mounts-for')) addRequiresMountsFor(service, device, ctx);
  return [...emitBools(unit, G, COPY), ...deviceOpts, ...mountOptions(unit)];
}

/** Image= as written (quotes trimmed, may be empty), or undefined when absent. */
function imageKey(unit: UnitFile): string | undefined {
  const raw = unit.lookup(G, 'Image');
  return raw === undefined ? undefined : trimQuotes(raw);
}

/** Driver=image: the volume is the content of an image, named by Image= (maybe a .image/.build unit). */
function imageDriverOptions(info: UnitInfo, service: UnitFile, ctx: TranslateContext): string[] {
  const image = imageKey(info.unit);
  if (image === undefined) throw new QuadletError('the key Image is mandatory when using the image driver');
  return ['--opt', `image=${resolveImage(image, service, ctx)}`];
}

function driverOptions(info: UnitInfo, service: UnitFile, ctx: TranslateContext): string[] {
  // Present is enough: an empty Driver= is passed on as an empty driver name.
  const raw = info.unit.lookup(G, 'Driver');
  const driver = raw === undefined ? undefined : trimQuotes(raw);
  // Quadlet writes an empty driver name as nothing, leaving --driver alone on the line.
  const driverArgs = driver === undefined ? [] : ['--driver', ...(driver === '' ? [] : [driver])];
  if (driver === 'image') return [...driverArgs, ...imageDriverOptions(info, service, ctx)];
  return [...driverArgs, ...localDriverOptions(info.unit, service, ctx)];
}

// The volume's name (VolumeName=, or systemd-<base name>) is the one names.ts gave it.
function translate(info: UnitInfo, ctx: TranslateContext): UnitFile {
  const { unit } = info;
  return oneshotService(info, G, ctx, (service) => {
    return [
      'volume', 'create', '--ignore', ...driverOptions(info, service, ctx), ...keyValueArgs(unit, G, [['Label', '--label']], ctx),
      ...podmanArgs(unit, G), info.resourceName,
    ];
  });
}

export const volumeModule: TypeModule = { kind: 'volume', group: G, translate };
