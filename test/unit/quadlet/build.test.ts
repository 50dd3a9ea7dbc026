import { splitWords } from '../../../src/unitfile';
import { type Translated } from '../../../src/quadlet/translate';

import { generate, translatedFile, execStartOf } from './translate-helpers';

const result = (text: string): Translated => translatedFile('app.build', text);
const execStart = (text: string): string[] => execStartOf(result(text));

const DIR = '/etc/containers/systemd';

/**
 * SetWorkingDirectory= x File= x a user WorkingDirectory=: the service's working directory and the
 * build context Quadlet 5.4 produces (read off the reference binary, every combination).
 */
const PLACES: ReadonlyArray<readonly [swd: string | null, file: string | null, userWd: string | null, wd: string | null, context: string | null]> = [
  ['unit', null, null, DIR, DIR],
  ['unit', '/f/C', null, DIR, null],
  ['unit', 'rel/C', null, DIR, DIR],
  ['unit', 'https://x/C', null, DIR, null],
  ['unit', null, '/wd', '/wd', '/wd'],
  ['unit', '/f/C', '/wd', '/wd', null],
  ['file', '/f/C', null, '/f', null],
  ['file', 'rel/C', null, `${DIR}/rel`, `${DIR}/rel`],
  ['file', 'rel/C', '/wd', '/wd', '/wd'],
  ['.', null, null, DIR, '.'],
  ['rel/dir', '/f/C', null, DIR, 'rel/dir'],
  ['rel/dir', 'rel/C', '/wd', '/wd', '/wd'],
  ['/abs', 'rel/C', null, null, '/abs'],
  ['/abs', null, '/wd', '/wd', '/abs'],
  ['https://h/r.git', 'rel/C', null, null, 'https://h/r.git'],
  ['git://h/r', null, null, null, 'git://h/r'],
  ['github.com/a/b.git', null, '/wd', '/wd', 'github.com/a/b.git'],
  [null, '/f/C', null, null, null],
  [null, 'https://x/C', null, null, null],
  [null, null, '/wd', '/wd', '/wd'],
  [null, 'rel/C', '/wd', '/wd', '/wd'],
];

describe('[Build] translation', () => {
  test.each(PLACES)('SetWorkingDirectory=%s File=%s WorkingDirectory=%s -> WorkingDirectory=%s, context %s', (swd, file, userWd, wd, context) => {
    const text = ['[Build]', 'ImageTag=localhost/app', swd === null ? '' : `SetWorkingDirectory=${swd}`, file === null ? '' : `File=${file}`,
      userWd === null ? '' : `[Service]\nWorkingDirectory=${userWd}`].join('\n');
    const s = result(text).service;
    expect(s?.lookup('Service', 'WorkingDirectory') ?? null).toBe(wd);
    const words = splitWords(s?.lookup('Service', 'ExecStart') ?? '');
    const tail = file === null ? words.slice(4) : words.slice(words.indexOf('--file') + 2);
    expect(tail).toEqual(context === null ? [] : [context]);
  });

  test.each([
    ['[Build]\nFile=/src/C\n', 'no ImageTag key specified'],
    ['[Build]\nImageTag=localhost/a\n', 'neither SetWorkingDirectory, nor File key specified'],
    ['[Build]\nImageTag=localhost/a\nFile=C\n', 'relative path in File key requires SetWorkingDirectory key to be set'],
    ['[Build]\nImageTag=localhost/a\nSetWorkingDirectory=file\n', 'no File key specified'],
  ])('%j is refused', (text, message) => {
    expect(result(text).error).toBe(`converting "app.build": ${message}`);
  });

  test('options, key=value lists, networks, secrets and volumes in Quadlet order', () => {
    const words = execStart([
      '[Build]', 'ImageTag=localhost/a:1', 'ImageTag=localhost/a:latest', 'File=/src/C', 'Pull=always', 'Arch=arm64', 'TLSVerify=no',
      'DNS=1.1.1.1', 'Label=z=1 a=2', 'Environment=B=2 A=1', 'Network=host', 'Secret=id=s,src=/s', 'Volume=/cache:/cache:Z', 'PodmanArgs=--layers',
    ].join('\n'));
    expect(words.slice(2)).toEqual([
      '--pull=always', '--arch', 'arm64', '--tls-verify=false', '--dns', '1.1.1.1', '--tag', 'localhost/a:1', '--tag', 'localhost/a:latest',
      '--env', 'A=1', '--env', 'B=2', '--label', 'a=2', '--label', 'z=1', '--network', 'host', '--secret', 'id=s,src=/s',
      '-v', '/cache:/cache:Z', '--file', '/src/C', '--layers',
    ]);
  });

  test('a oneshot service that does not stay active, waiting for volume and network units', () => {
    const results = generate({
      'app.build': '[Build]\nImageTag=localhost/a\nSetWorkingDirectory=unit\nVolume=cache.volume:/c\nVolume=./src:/src\nNetwork=net.network\n',
      'cache.volume': '[Volume]\nVolumeName=cache\n',
      'net.network': '[Network]\n',
    });
    const s = results.find((r) => r.source.fileName === 'app.build')?.service;
    expect(s?.lookup('Service', 'Type')).toBe('oneshot');
    expect(s?.lookup('Service', 'RemainAfterExit')).toBeUndefined();
    expect(s?.lookupAll('Unit', 'Requires')).toEqual(['net-network.service', 'cache-volume.service']);
    expect(s?.lookupAll('Unit', 'RequiresMountsFor')).toEqual(['%t/containers', `${DIR}/src`]);
    expect(splitWords(s?.lookup('Service', 'ExecStart') ?? '')).toEqual(expect.arrayContaining(['-v', 'cache:/c', '-v', `${DIR}/src:/src`, '--network', 'systemd-net']));
  });

  test('a container built from it runs the first tag and waits for the build', () => {
    const results = generate({ 'app.build': '[Build]\nImageTag=localhost/a:1\nImageTag=localhost/a:2\nFile=/src/C\n', 'web.container': '[Container]\nImage=app.build\n' });
    const web = results.find((r) => r.source.fileName === 'web.container')?.service;
    expect(web?.lookupAll('Unit', 'Requires')).toEqual(['app-build.service']);
    expect(splitWords(web?.lookup('Service', 'ExecStart') ?? '').pop()).toBe('localhost/a:1');
  });

  test('SetWorkingDirectory=yaml belongs to .kube files', () => {
    expect(result('[Build]\nImageTag=localhost/a\nSetWorkingDirectory=yaml\n').error).toContain('SetWorkingDirectory=yaml is only supported in .kube files');
  });

  test('a missing reference is reported before a missing working directory', () => {
    expect(result('[Build]\nImageTag=localhost/a\nNetwork=gone.network\n').error).toBe('converting "app.build": requested Quadlet unit gone.network was not found');
  });

  test('an empty WorkingDirectory= does not count as the user choosing one', () => {
    const s = result('[Build]\nImageTag=localhost/a\nSetWorkingDirectory=unit\n[Service]\nWorkingDirectory=\n').service;
    expect(s?.rawValues('Service', 'WorkingDirectory')).toEqual(['', DIR]);
  });
});
