// The service a config unit becomes: Quadlet's naming rule (src/quadlet/names.ts)
// applied to the config's own ServiceName=, if it sets one.
import { KINDS, serviceName } from '../quadlet/names';
import type { ConfigUnit } from './model';

/** `web.service`, `data-volume.service`, or the unit's ServiceName= plus `.service`. */
export function unitService(unit: ConfigUnit): string {
  const own = unit.settings.find((s) => s.group === KINDS[unit.kind].group && s.key === 'ServiceName')?.text;
  return `${serviceName(unit.kind, unit.name, own)}.service`;
}
