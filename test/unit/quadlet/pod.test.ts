import { splitWords } from '../../../src/unitfile';
import { type Translated } from '../../../src/quadlet/translate';

import { generate, translatedFile } from './translate-helpers';

const result = (text: string): Translated => translatedFile('web.pod', text);

const words = (value: string | undefined): string[] => splitWords(value ?? '');

describe('[Pod] translation', () => {
  test('a forking service creates the pod before start, then starts, stops and removes it', () => {
    const s = result('[Pod]\n').service;
    expect(words(s?.lookup('Service', 'ExecStartPre'))).toEqual([
      '/usr/bin/podman', 'pod', 'create', '--infra-conmon-pidfile=%t/%N.pid', '--pod-id-file=%t/%N.pod-id', '--exit-policy=stop', '--replace',
      '--infra-name', 'systemd-web-infra', '--name', 'systemd-web',
    ]);
    expect(words(s?.lookup('Service', 'ExecStart'))).toEqual(['/usr/bin/podman', 'pod', 'start', '--pod-id-file=%t/%N.pod-id']);
    expect(words(s?.lookup('Service', 'ExecStop'))).toEqual(['/usr/bin/podman', 'pod', 'stop', '--pod-id-file=%t/%N.pod-id', '--ignore', '--time=10']);
    expect(words(s?.lookup('Service', 'ExecStopPost'))).toEqual(['/usr/bin/podman', 'pod', 'rm', '--pod-id-file=%t/%N.pod-id', '--ignore', '--force']);
    expect(s?.lookup('Service', 'Type')).toBe('forking');
    expect(s?.lookup('Service', 'PIDFile')).toBe('%t/%N.pid');
    expect(s?.lookup('Service', 'Restart')).toBe('on-failure');
  });

  test('PodName= names the pod and its infra container; PodmanArgs come last', () => {
    const pre = words(result('[Pod]\nPodName=shop\nPodmanArgs=--cpus=2\nGlobalArgs=--log-level=debug\n').service?.lookup('Service', 'ExecStartPre'));
    expect(pre.slice(-5)).toEqual(['--infra-name', 'shop-infra', '--name', 'shop', '--cpus=2']);
    expect(pre.slice(0, 3)).toEqual(['/usr/bin/podman', '--log-level=debug', 'pod']);
  });

  test('members that start with the pod are wanted by it; StartWithPod=false ones are not', () => {
    const results = generate({
      'web.pod': '[Pod]\n',
      'a.container': '[Container]\nImage=quay.io/x/a:1\nPod=web.pod\n',
      'b.container': '[Container]\nImage=quay.io/x/b:1\nPod=web.pod\nStartWithPod=false\n',
      'c.container': '[Container]\nImage=quay.io/x/c:1\nPod=web.pod\nServiceName=cee\n',
    });
    const s = results.find((r) => r.source.fileName === 'web.pod')?.service;
    expect(s?.lookupAll('Unit', 'Wants')).toEqual(['network-online.target', 'a.service', 'cee.service']);
    expect(s?.lookupAll('Unit', 'Before')).toEqual(['a.service', 'cee.service']);
  });

  test('Quadlet forces the service type but keeps the rest of the user [Service]', () => {
    const s = result('[Pod]\n[Service]\nEnvironment=A=1\nEnvironment=B=2\nRestart=always\nType=simple\nSyslogIdentifier=shop\n').service;
    expect(s?.lookupAll('Service', 'Environment')).toEqual(['A=1', 'PODMAN_SYSTEMD_UNIT=%n']);
    expect(s?.lookupAll('Service', 'Restart')).toEqual(['on-failure']);
    expect(s?.lookupAll('Service', 'Type')).toEqual(['forking']);
    expect(s?.lookupAll('Service', 'SyslogIdentifier')).toEqual(['shop']);
  });

  test('volumes and networks resolve Quadlet units and add dependencies', () => {
    const results = generate({
      'web.pod': '[Pod]\nNetwork=front.network\nVolume=data.volume:/data:Z\nVolume=./conf:/conf\nVolume=/srv:/srv:ro\nVolume=/anonymous\n',
      'front.network': '[Network]\nNetworkName=front\n',
      'data.volume': '[Volume]\n',
    });
    const s = results.find((r) => r.source.fileName === 'web.pod')?.service;
    expect(words(s?.lookup('Service', 'ExecStartPre'))).toEqual(expect.arrayContaining([
      '--network', 'front', '-v', 'systemd-data:/data:Z', '-v', '/etc/containers/systemd/conf:/conf', '-v', '/srv:/srv:ro', '-v', '/anonymous',
    ]));
    expect(s?.lookupAll('Unit', 'Requires')).toEqual(['front-network.service', 'data-volume.service']);
    expect(s?.lookupAll('Unit', 'RequiresMountsFor')).toEqual(['%t/containers', '/etc/containers/systemd/conf', '/srv']);
  });

  test('a missing volume unit fails this pod only', () => {
    const results = generate({ 'web.pod': '[Pod]\nVolume=gone.volume:/x\n', 'ok.pod': '[Pod]\n' });
    expect(results.find((r) => r.source.fileName === 'web.pod')?.error).toBe('converting "web.pod": requested Quadlet source gone.volume was not found');
    expect(results.find((r) => r.source.fileName === 'ok.pod')?.service).toBeDefined();
  });

  test.each([
    ['RemapUsers=auto\nRemapUid=0:10000:10\nRemapUidSize=20\n', ['--userns', 'auto:uidmapping=0:10000:10,size=20']],
    ['RemapUsers=keep-id\nRemapUid=1000\n', ['--userns', 'keep-id:uid=1000']],
    ['RemapUsers=manual\nRemapUid=0:1:2\nRemapGid=0:3:4\n', ['--uidmap', '0:1:2', '--gidmap', '0:3:4']],
    ['UserNS=auto\nUIDMap=0:1:2\nSubUIDMap=u\n', ['--userns', 'auto', '--uidmap', '0:1:2', '--subuidname', 'u']],
  ])('user namespace %j', (keys, expected) => {
    const pre = words(result(`[Pod]\n${keys}`).service?.lookup('Service', 'ExecStartPre'));
    expect(pre.slice(7, 7 + expected.length)).toEqual(expected);
  });

  test('Remap keys next to explicit mappings are refused', () => {
    expect(result('[Pod]\nRemapUsers=auto\nUserNS=keep-id\n').error).toContain('deprecated Remap keys are set along with explicit mapping keys');
  });
});
