import { splitWords } from '../../../src/unitfile';
import { type Translated } from '../../../src/quadlet/translate';

import { generate, translatedFile, execStartOf } from './translate-helpers';

const result = (text: string): Translated => translatedFile('lan.network', text);
const execStart = (text: string): string[] => execStartOf(result(text));

describe('[Network] translation', () => {
  test('a bare network is created idempotently under the systemd- prefix by a oneshot service', () => {
    const s = result('[Network]\n').service;
    expect(splitWords(s?.lookup('Service', 'ExecStart') ?? '')).toEqual(['/usr/bin/podman', 'network', 'create', '--ignore', 'systemd-lan']);
    expect(s?.lookup('Service', 'Type')).toBe('oneshot');
    expect(s?.lookup('Service', 'RemainAfterExit')).toBe('yes');
    expect(s?.lookup('Unit', 'RequiresMountsFor')).toBe('%t/containers');
    expect(result('[Network]\n').source.serviceName).toBe('lan-network');
  });

  test('each subnet is followed by its own gateway and range', () => {
    const words = execStart('[Network]\nSubnet=10.0.0.0/24\nSubnet=10.0.1.0/24\nGateway=10.0.0.1\nIPRange=10.0.0.128/25\nIPRange=10.0.1.128/25\n');
    expect(words.slice(4, -1)).toEqual([
      '--subnet', '10.0.0.0/24', '--gateway', '10.0.0.1', '--ip-range', '10.0.0.128/25',
      '--subnet', '10.0.1.0/24', '--ip-range', '10.0.1.128/25',
    ]);
  });

  test.each([
    ['Gateway=10.0.0.1\n', 'cannot set gateway or range without subnet'],
    ['IPRange=10.0.0.0/28\n', 'cannot set gateway or range without subnet'],
    ['Subnet=10.0.0.0/24\nSubnet=\nGateway=10.0.0.1\n', 'cannot set gateway or range without subnet'],
    ['Subnet=10.0.0.0/24\nGateway=10.0.0.1\nGateway=10.0.0.2\n', 'cannot set more gateways than subnets'],
    ['Subnet=10.0.0.0/24\nIPRange=10.0.0.0/28\nIPRange=10.0.0.16/28\n', 'cannot set more ranges than subnets'],
  ])('refuses %j', (keys, message) => {
    expect(result(`[Network]\n${keys}`).error).toBe(`converting "lan.network": ${message}`);
  });

  test('booleans are written both ways once set, a non-boolean counting as false', () => {
    expect(execStart('[Network]\nInternal=yes\nIPv6=no\nDisableDNS=maybe\n')).toEqual(expect.arrayContaining(['--internal', '--ipv6=false', '--disable-dns=false']));
  });

  test('labels and options are KEY=VALUE lists: sorted, later values win, words without = dropped', () => {
    const words = execStart('[Network]\nLabel=b=1 "a=x y" junk\nLabel=b=2\nOptions=mtu=9000 isolate=true\n');
    expect(words.slice(4, -1)).toEqual(['--opt', 'isolate=true', '--opt', 'mtu=9000', '--label', 'a=x y', '--label', 'b=2']);
  });

  test('NetworkName= names the Podman network; surrounding quotes are dropped', () => {
    expect(execStart('[Network]\nNetworkName="backend"\n').pop()).toBe('backend');
  });

  test('global arguments go before the subcommand, PodmanArgs right before the name', () => {
    const words = execStart('[Network]\nContainersConfModule=/etc/m.conf\nGlobalArgs=--log-level=debug\nPodmanArgs=--opt "x=a b"\n');
    expect(words).toEqual(['/usr/bin/podman', '--module=/etc/m.conf', '--log-level=debug', 'network', 'create', '--ignore', '--opt', 'x=a b', 'systemd-lan']);
  });

  test('an unknown key is refused with the file named', () => {
    expect(result('[Network]\nSubnets=10.0.0.0/24\n').error).toContain("unsupported key 'Subnets' in group 'Network'");
  });

  test('a container on the network depends on its service and uses its Podman name', () => {
    const results = generate({ 'lan.network': '[Network]\nNetworkName=lan0\n', 'web.container': '[Container]\nImage=quay.io/a/b:1\nNetwork=lan.network\n' });
    const web = results.find((r) => r.source.fileName === 'web.container')?.service;
    expect(web?.lookupAll('Unit', 'Requires')).toEqual(['lan-network.service']);
    expect(splitWords(web?.lookup('Service', 'ExecStart') ?? '')).toEqual(expect.arrayContaining(['--network', 'lan0']));
  });
});
