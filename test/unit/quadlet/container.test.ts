import { parseUnitFile, splitWords } from '../../../src/unitfile';
import { translateAll } from '../../../src/quadlet/translate';
import type { SourceUnit } from '../../../src/quadlet/types';
import { kindOfFile } from '../../../src/quadlet/names';
import { QUADLET_54 } from './translate-helpers';

const options = { isUser: false, podman: '/usr/bin/podman', pathExists: (p: string) => p === '/dev/null', level: QUADLET_54 };

function source(fileName: string, text: string): SourceUnit {
  const kind = kindOfFile(fileName);
  if (kind === undefined) throw new Error(fileName);
  return { fileName, path: `/etc/containers/systemd/${fileName}`, kind, unit: parseUnitFile(text, fileName) };
}

function generate(files: Record<string, string>, warnings: string[] = []) {
  return translateAll(Object.entries(files).map(([n, t]) => source(n, t)), options, (m) => warnings.push(m));
}

function service(text: string, name = 'web.container') {
  const result = generate({ [name]: text }).find((r) => r.source.fileName === name);
  if (result?.service === undefined) throw new Error(result?.error ?? 'missing');
  return result.service;
}

const execStart = (text: string): string[] => splitWords(service(text).lookup('Service', 'ExecStart') ?? '');

describe('[Container] translation', () => {
  test('a minimal container runs podman with Quadlet defaults', () => {
    const s = service('[Container]\nImage=quay.io/x/web:1\n');
    expect(splitWords(s.lookup('Service', 'ExecStart') ?? '')).toEqual([
      '/usr/bin/podman', 'run', '--name', 'systemd-%N', '--cidfile=%t/%N.cid', '--replace', '--rm', '--cgroups=split',
      '--sdnotify=conmon', '-d', 'quay.io/x/web:1',
    ]);
    expect(s.lookup('Service', 'Type')).toBe('notify');
    expect(s.lookup('Service', 'KillMode')).toBe('mixed');
    expect(s.lookupAll('Unit', 'Wants')).toEqual(['network-online.target']);
    expect(s.lookup('Unit', 'SourcePath')).toBe('/etc/containers/systemd/web.container');
    expect(s.lookup('X-Container', 'Image')).toBe('quay.io/x/web:1');
  });

  test('values with spaces, quotes and newlines are quoted so systemd reads them back exactly', () => {
    const words = execStart('[Container]\nImage=quay.io/x\nEnvironment="A=two words" \'B=x\\ny\'\nExec=/bin/sh -c "echo \\"hi\\""\n');
    expect(words).toEqual(expect.arrayContaining(['--env', 'A=two words', 'B=x\ny']));
    expect(words.slice(-3)).toEqual(['/bin/sh', '-c', 'echo "hi"']);
  });

  test('a word ";" is written \\; so systemd keeps it an argument instead of ending the command there', () => {
    const line = service('[Container]\nImage=quay.io/x\nHostName=;\nLogOpt=";"\nPodmanArgs=--a ; --b\nExec=sh -c x ;\n').lookup('Service', 'ExecStart') ?? '';
    // systemd's own test for a command separator: an unquoted ; standing alone.
    expect(line.split(/\s+/)).not.toContain(';');
    const words = splitWords(line, { exec: true });
    expect(words.filter((w) => w === ';')).toHaveLength(4);
    expect(words.slice(-4)).toEqual(['sh', '-c', 'x', ';']);
  });

  test('a value with an unknown escape is dropped whole, as Quadlet does', () => {
    const words = execStart('[Container]\nImage=quay.io/x\nPodmanArgs=--dropped x\\q\nPodmanArgs=--kept\nEnvironment=A=1 B=\\;\nEnvironment=C=3\nExec=/bin/echo \\q\n');
    expect(words).not.toContain('--dropped');
    expect(words.filter((_, i) => words[i - 1] === '--env')).toEqual(['C=3']);
    // Exec= fails to split, so the image is the last word.
    expect(words.slice(-2)).toEqual(['--kept', 'quay.io/x']);
  });

  test('Environment/Label are sorted by key and the last assignment of a key wins', () => {
    const words = execStart('[Container]\nImage=quay.io/x\nEnvironment=Z=1 A=1\nEnvironment=A=2\nLabel=b=1 a=2\n');
    expect(words.join(' ')).toContain('--env A=2 --env Z=1 --label a=2 --label b=1');
  });

  test('relative paths resolve against the unit folder, %-paths are left to systemd', () => {
    const s = service('[Container]\nImage=quay.io/x\nVolume=./data:/data:Z\nVolume=%h/x:/x\nEnvironmentFile=env\n');
    const words = splitWords(s.lookup('Service', 'ExecStart') ?? '');
    expect(words).toEqual(expect.arrayContaining(['-v', '/etc/containers/systemd/data:/data:Z', '-v', '%h/x:/x']));
    expect(words).toEqual(expect.arrayContaining(['--env-file', '/etc/containers/systemd/env']));
    expect(s.lookupAll('Unit', 'RequiresMountsFor')).toEqual(['%t/containers', '/etc/containers/systemd/data']);
  });

  test('Mount=: src becomes source, type goes first, ./paths resolve, .volume sources become names', () => {
    const results = generate({
      'web.container': '[Container]\nImage=quay.io/x\nMount=dst=/d,type=bind,src=./data\nMount=type=volume,src=v.volume,dst=/v\nMount=type=bind,src=/tmp,\\"dst=/path,1\\"\n',
      'v.volume': '[Volume]\n',
    });
    const web = results.find((r) => r.source.fileName === 'web.container')?.service;
    const words = splitWords(web?.lookup('Service', 'ExecStart') ?? '');
    const mounts = words.flatMap((w, i) => (words[i - 1] === '--mount' ? [w] : []));
    expect(mounts).toEqual([
      'type=bind,dst=/d,source=/etc/containers/systemd/data',
      'type=volume,source=systemd-v,dst=/v',
      'type=bind,source=/tmp,"dst=/path,1"',
    ]);
    expect(web?.lookupAll('Unit', 'RequiresMountsFor')).toEqual(['%t/containers', '/etc/containers/systemd/data', '/tmp']);
    expect(web?.lookupAll('Unit', 'Requires')).toEqual(['v-volume.service']);
  });

  test('a mount value that is not valid CSV is refused with Go csv\'s message', () => {
    const [r] = generate({ 'web.container': '[Container]\nImage=quay.io/x\nMount="type=bind,sr\\"c=/a"\n' });
    expect(r.error).toBe('converting "web.container": parse error on line 1, column 13: bare " in non-quoted-field');
  });

  test('optional devices are added only when present on the host', () => {
    const words = execStart('[Container]\nImage=quay.io/x\nAddDevice=-/dev/null\nAddDevice=-/dev/bogus\nAddDevice=/dev/fuse\n');
    expect(words.join(' ')).toContain('--device /dev/null --device /dev/fuse');
    expect(words).not.toContain('/dev/bogus');
  });

  test('Type=oneshot drops sdnotify and detaching; other types are refused', () => {
    const words = execStart('[Container]\nImage=quay.io/x\n[Service]\nType=oneshot\n');
    expect(words).not.toContain('-d');
    expect(words.some((w) => w.startsWith('--sdnotify'))).toBe(false);
    const [bad] = generate({ 'web.container': '[Container]\nImage=quay.io/x\n[Service]\nType=forking\n' });
    expect(bad.error).toBe(`converting "web.container": invalid service Type 'forking'`);
  });

  test.each([
    ['[Container]\n', 'no Image or Rootfs key specified'],
    ['[Container]\nImage=quay.io/x\nRootfs=/r\n', 'the Image And Rootfs keys conflict can not be specified together'],
    ['[Container]\nImage=quay.io/x\nGroup=1\n', 'invalid Group set without User'],
    ['[Container]\nImage=quay.io/x\nFoo=1\n', "unsupported key 'Foo' in group 'Container' in /etc/containers/systemd/web.container"],
    ['[Container]\nImage=quay.io/x\nRemapUsers=auto\nUserNS=host\n', 'deprecated Remap keys are set along with explicit mapping keys'],
    ['[Container]\nImage=quay.io/x\nNetwork=missing.network\n', 'requested Quadlet unit missing.network was not found'],
    ['[Container]\nImage=quay.io/x\nPod=p.pod\n', 'quadlet pod unit p.pod does not exist'],
    ['[Container]\nImage=quay.io/x\nExposeHostPort=x\n', "invalid port format 'x'"],
    ['[Container]\nImage=quay.io/x\nServiceName=../../etc/evil\n', 'invalid service name "../../etc/evil"'],
    // Quadlet takes an empty ServiceName= as the name and writes ".service".
    ['[Container]\nImage=quay.io/x\nServiceName=\n', 'invalid service name ""'],
  ])('refuses %j', (text, message) => {
    const [result] = generate({ 'web.container': text });
    expect(result.service).toBeUndefined();
    expect(result.error).toBe(`converting "web.container": ${message}`);
  });

  test('one bad unit does not affect the others', () => {
    const results = generate({ 'bad.container': '[Container]\n', 'good.container': '[Container]\nImage=quay.io/x\n' });
    expect(results.find((r) => r.source.fileName === 'good.container')?.service).toBeDefined();
    expect(results.find((r) => r.source.fileName === 'bad.container')?.error).toContain('no Image');
  });

  test('references to other units resolve to their Podman names with Requires/After', () => {
    const results = generate({
      'web.container': '[Container]\nImage=quay.io/x\nNetwork=db.container\nPod=p.pod\n',
      'db.container': '[Container]\nImage=quay.io/y\nContainerName=database\n',
      'p.pod': '[Pod]\n',
    });
    const web = results.find((r) => r.source.fileName === 'web.container')?.service;
    const words = splitWords(web?.lookup('Service', 'ExecStart') ?? '');
    expect(words.join(' ')).toContain('--network container:database');
    expect(words.join(' ')).toContain('--pod-id-file %t/p-pod.pod-id');
    expect(web?.lookupAll('Unit', 'Requires')).toEqual(['db.service']);
    expect(web?.lookupAll('Unit', 'BindsTo')).toEqual(['p-pod.service']);
  });

  test('a pod lists only the member containers that translated', () => {
    const results = generate({
      'ok.container': '[Container]\nImage=quay.io/x\nPod=p.pod\n',
      'broken.container': '[Container]\nPod=p.pod\n',
      'p.pod': '[Pod]\n',
    });
    const pod = results.find((r) => r.source.fileName === 'p.pod')?.service;
    expect(pod?.lookupAll('Unit', 'Wants')).toContain('ok.service');
    expect(pod?.lookupAll('Unit', 'Wants')).not.toContain('broken.service');
  });

  test('user NotifyAccess= lines stay; the last one becomes all', () => {
    const s = service('[Container]\nImage=quay.io/x\n[Service]\nNotifyAccess=main\nNotifyAccess=none\n');
    expect(s.rawValues('Service', 'NotifyAccess')).toEqual(['main', 'all']);
  });

  test('templates name the container after prefix and instance', () => {
    expect(execStart.call(null, '[Container]\nImage=quay.io/x\n')).toContain('systemd-%N');
    const s = service('[Container]\nImage=quay.io/x\n', 'sleep@.container');
    expect(splitWords(s.lookup('Service', 'ExecStart') ?? '')).toContain('systemd-%p_%i');
  });

  test('short image names draw Quadlet\'s warning', () => {
    const warnings: string[] = [];
    generate({ 'web.container': '[Container]\nImage=nginx\n' }, warnings);
    expect(warnings.join('\n')).toContain('specifies the image "nginx" which not a fully qualified image name');
  });

  test('GlobalArgs and ContainersConfModule go before the subcommand on every podman line', () => {
    const s = service('[Container]\nImage=quay.io/x\nContainersConfModule=/m.conf\nGlobalArgs=--log-level=debug\n');
    for (const key of ['ExecStart', 'ExecStop']) {
      expect(splitWords(s.lookup('Service', key) ?? '').slice(0, 3)).toEqual(['/usr/bin/podman', '--module=/m.conf', '--log-level=debug']);
    }
  });
});
