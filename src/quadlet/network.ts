// [Network] -> a oneshot service running `podman network create --ignore ... NAME`.
import type { UnitFile } from '../unitfile';
import { emitBools, emitFlags, flagRules, type BoolRule, type FlagRule } from './common/flag-tables';
import { keyValueArgs } from './common/key-values';
import { lookupBool, lookupValues } from './common/lookups';
import { podmanArgs, podmanCommand } from './common/podman-command';
import { oneshotService } from './common/service';
import { QuadletError, type TranslateContext, type TypeModule, type UnitInfo } from './types';

const G = 'Network';

/** Written once the key is present: true -> --flag, anything else -> --flag=false. */
const BOOLS: readonly BoolRule[] = [
  { key: 'DisableDNS', whenTrue: ['--disable-dns'], whenFalse: ['--disable-dns=false'] },
  { key: 'Internal', whenTrue: ['--internal'], whenFalse: ['--internal=false'] },
  { key: 'IPv6', whenTrue: ['--ipv6'], whenFalse: ['--ipv6=false'] },
];

const SCALARS: readonly FlagRule[] = flagRules('last', { Driver: '--driver', IPAMDriver: '--ipam-driver', InterfaceName: '--interface-name' });

const LISTS: readonly FlagRule[] = [{ key: 'DNS', flag: '--dns', lookup: 'all' }];

/** KEY=VALUE keys, sorted by key (later assignments of a key win). */
const KEY_VALUES: ReadonlyArray<readonly [key: string, flag: string]> = [
  ['Options', '--opt'],
  ['Label', '--label'],
];

/**
 * Subnet= i goes with Gateway= i and IPRange= i; there may be fewer gateways or
 * ranges than subnets, never more, and none without a subnet.
 */
function subnets(unit: UnitFile): string[] {
  const [subnet, gateway, range] = ['Subnet', 'Gateway', 'IPRange'].map((k) => lookupValues(unit, G, k, 'all'));
  if (subnet.length === 0) {
    if (gateway.length > 0 || range.length > 0) throw new QuadletError('cannot set gateway or range without subnet');
    return [];
  }
  if (gateway.length > subnet.length) throw new QuadletError('cannot set more gateways than subnets');
  if (range.length > subnet.length) throw new QuadletError('cannot set more ranges than subnets');
  return subnet.flatMap((s, i) => [
    '--subnet', s,
    ...(gateway[i] === undefined ? [] : ['--gateway', gateway[i]]),
    ...(range[i] === undefined ? [] : ['--ip-range', range[i]]),
  ]);
}

// The network's name (NetworkName=, or systemd-<base name>) is the one names.ts gave it.
function translate(info: UnitInfo, ctx: TranslateContext): UnitFile {
  const { unit, resourceName: name } = info;
  return oneshotService(info, G, ctx, (service) => {
    if (lookupBool(unit, G, 'NetworkDeleteOnStop') === true) {
      service.add('Service', 'ExecStopPost', podmanCommand(unit, G, ctx).add('network', 'rm', name).toExec());
    }
    return [
      'network', 'create', '--ignore',
      ...emitBools(unit, G, BOOLS), ...emitFlags(unit, G, SCALARS), ...emitFlags(unit, G, LISTS),
      ...subnets(unit), ...keyValueArgs(unit, G, KEY_VALUES, ctx), ...podmanArgs(unit, G),
      name,
    ];
  });
}

export const networkModule: TypeModule = { kind: 'network', group: G, translate };
