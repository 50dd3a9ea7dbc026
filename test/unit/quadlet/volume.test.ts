import { parseUnitFile, splitWords } from '../../../src/unitfile';
import { translateAll, type Translated } from '../../../src/quadlet/translate';

import { generate, options, translatedFile, execStartOf } from './translate-helpers';

const result = (text: string): Translated => translatedFile('data.volume', text);
const execStart = (text: string): string[] => execStartOf(result(text));

const service = (text: string) => {
  const r = result(text);
  if (r.service === undefined) throw new Error(r.error);
  return r.service;
};

describe('[Volume] translation', () => {
  test('a bare volume is created idempotently under the systemd- prefix by a oneshot service', () => {
    const s = service('[Volume]\n');
    expect(splitWords(s.lookup('Service', 'ExecStart') ?? '')).toEqual(['/usr/bin/podman', 'volume', 'create', '--ignore', 'systemd-data']);
    expect(s.lookup('Service', 'Type')).toBe('oneshot');
    expect(s.lookup('Service', 'SyslogIdentifier')).toBe('%N');
  });

  test('a device volume: copy, device, type and one o= option with owner first', () => {
    const words = execStart('[Volume]\nDevice=/dev/sdb1\nType=xfs\nOptions=noatime\nUser=1000\nGroup=100\nCopy=false\nVolumeName=data\n');
    expect(words.slice(4)).toEqual(['--opt', 'nocopy', '--opt', 'device=/dev/sdb1', '--opt', 'type=xfs', '--opt', 'o=uid=1000,gid=100,noatime', 'data']);
  });

  test.each([
    ['1000', 1000], ['0x10', 16], ['010', 8], ['+5', 5], [' 12 ', 12], ['4294967295', 4294967295],
    ['root', 0], ['nobody', 0], ['-1', 0], ['12abc', 0], ['4294967296', 0], ['', 0],
  ])('User=%j becomes uid=%d, as Quadlet reads it (numbers only)', (value, uid) => {
    expect(execStart(`[Volume]\nUser=${value}\n`)).toEqual(expect.arrayContaining(['--opt', `o=uid=${uid}`]));
  });

  test.each(['Type=nfs', 'Options=rw'])('%s without Device= is refused', (line) => {
    const key = line.split('=')[0];
    expect(result(`[Volume]\n${line}\n`).error).toBe(`converting "data.volume": key ${key} can't be used without Device`);
  });

  test('the image driver takes the image, resolving .image units and depending on them', () => {
    const results = generate({ 'data.volume': '[Volume]\nDriver=image\nImage=tools.image\nCopy=false\n', 'tools.image': '[Image]\nImage=quay.io/x/tools:1\nImageTag=quay.io/x/tools:stable\n' });
    const s = results.find((r) => r.source.fileName === 'data.volume')?.service;
    expect(splitWords(s?.lookup('Service', 'ExecStart') ?? '').slice(4)).toEqual(['--driver', 'image', '--opt', 'image=quay.io/x/tools:stable', 'systemd-data']);
    expect(s?.lookupAll('Unit', 'Requires')).toEqual(['tools-image.service']);
  });

  test('the image driver needs Image=, and a referenced unit must exist', () => {
    expect(result('[Volume]\nDriver=image\n').error).toContain('the key Image is mandatory when using the image driver');
    expect(result('[Volume]\nDriver=image\nImage=gone.build\n').error).toContain('requested Quadlet image gone.build was not found');
  });

  test('a short image name is warned about but still used', () => {
    const warnings: string[] = [];
    const sources = [{ fileName: 'data.volume', path: '/x/data.volume', kind: 'volume' as const, unit: parseUnitFile('[Volume]\nDriver=image\nImage=busybox\n') }];
    const [r] = translateAll(sources, options, (m) => warnings.push(m));
    expect(splitWords(r.service?.lookup('Service', 'ExecStart') ?? '')).toContain('image=busybox');
    expect(warnings).toEqual([expect.stringContaining('data.volume specifies the image "busybox" which not a fully qualified image name')]);
  });

  test('the user [Service] settings win over the oneshot defaults', () => {
    const s = service('[Volume]\n[Service]\nRemainAfterExit=no\nSyslogIdentifier=vol\n');
    expect(s.lookupAll('Service', 'RemainAfterExit')).toEqual(['no']);
    expect(s.lookupAll('Service', 'SyslogIdentifier')).toEqual(['vol']);
  });

  test('Image= is checked for a short name whatever the driver; an empty Driver= is kept as a bare flag', () => {
    const warnings: string[] = [];
    const sources = [{ fileName: 'data.volume', path: '/x/data.volume', kind: 'volume' as const, unit: parseUnitFile('[Volume]\nImage=alpine\nDriver=local\nDriver=\n') }];
    const [r] = translateAll(sources, options, (m) => warnings.push(m));
    expect(warnings).toHaveLength(1);
    expect(splitWords(r.service?.lookup('Service', 'ExecStart') ?? '')).toEqual(['/usr/bin/podman', 'volume', 'create', '--ignore', '--driver', 'systemd-data']);
  });
});
