// What a unit was loaded from and what it depends on, read from its Unit
// properties over D-Bus: the answers `systemctl show -p FragmentPath,…` gives,
// without a process per question or text to parse.
import type { SystemdBus } from './bus';
import { UNIT_IFACE, unitPath } from './unit-state';

/** The files a unit was loaded from. Paths are '' when systemd has none. */
export interface UnitSources {
  /** The unit's own name as systemd knows it (an alias resolves to it). */
  id: string;
  /** The unit file systemd loaded (for a Quadlet unit: the generated one). */
  fragmentPath: string;
  /** The file the unit was generated from (a Quadlet `.container`), else ''. */
  sourcePath: string;
  dropInPaths: string[];
}

/** The properties whose units this one needs or is ordered after (what restarts it follows). */
const DEPENDENCY_PROPS = ['Requires', 'Requisite', 'BindsTo', 'Wants', 'After', 'PartOf'] as const;

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s !== '') : [];
}

export function toUnitSources(unit: string, props: Record<string, unknown>): UnitSources {
  return { id: str(props.Id) || unit, fragmentPath: str(props.FragmentPath), sourcePath: str(props.SourcePath), dropInPaths: strings(props.DropInPaths) };
}

/** Every unit named by the dependency properties, in the order systemctl shows them. */
export function dependenciesOf(props: Record<string, unknown>): string[] {
  return DEPENDENCY_PROPS.flatMap((p) => strings(props[p]));
}

async function unitProps(bus: SystemdBus, unit: string): Promise<Record<string, unknown>> {
  return bus.getAll(await unitPath(bus, unit), UNIT_IFACE);
}

export async function readUnitSources(bus: SystemdBus, unit: string): Promise<UnitSources> {
  return toUnitSources(unit, await unitProps(bus, unit));
}

/** For each unit (by systemd's name for it), the units it depends on or is ordered after. */
export async function readDependencies(bus: SystemdBus, units: readonly string[]): Promise<Map<string, string[]>> {
  const props = await Promise.all(units.map((u) => unitProps(bus, u)));
  return new Map(props.map((p, i) => [str(p.Id) || units[i], dependenciesOf(p)]));
}
