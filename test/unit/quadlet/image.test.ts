import { parseUnitFile, splitWords } from '../../../src/unitfile';
import { translateAll, type Translated } from '../../../src/quadlet/translate';

import { generate, options, translatedFile, execStartOf } from './translate-helpers';

const result = (text: string): Translated => translatedFile('tools.image', text);
const execStart = (text: string): string[] => execStartOf(result(text));

function warningsFor(text: string): string[] {
  const warnings: string[] = [];
  const sources = [{ fileName: 'tools.image', path: '/x/tools.image', kind: 'image' as const, unit: parseUnitFile(text) }];
  translateAll(sources, options, (m) => warnings.push(m));
  return warnings;
}

describe('[Image] translation', () => {
  test('pulls the image in a oneshot service that stays active', () => {
    const r = result('[Image]\nImage=quay.io/x/tools:1\n');
    expect(splitWords(r.service?.lookup('Service', 'ExecStart') ?? '')).toEqual(['/usr/bin/podman', 'image', 'pull', 'quay.io/x/tools:1']);
    expect(r.service?.lookup('Service', 'RemainAfterExit')).toBe('yes');
    expect(r.source.serviceName).toBe('tools-image');
  });

  test('every pull option lands before the image, PodmanArgs last', () => {
    const words = execStart('[Image]\nImage=quay.io/x/t:1\nArch=arm64\nAuthFile=/a.json\nCertDir=/c\nCreds=u:p\nDecryptionKey=/k\nOS=linux\nVariant=v8\nAllTags=true\nTLSVerify=false\nPodmanArgs=--quiet\n');
    expect(words.slice(3)).toEqual([
      '--arch', 'arm64', '--authfile', '/a.json', '--cert-dir', '/c', '--creds', 'u:p', '--decryption-key', '/k', '--os', 'linux',
      '--variant', 'v8', '--all-tags', '--tls-verify=false', '--quiet', 'quay.io/x/t:1',
    ]);
  });

  test('a boolean that is not one counts as false', () => {
    expect(execStart('[Image]\nImage=quay.io/x/t:1\nAllTags=perhaps\n')).toContain('--all-tags=false');
  });

  test.each(['[Image]\n', '[Image]\nImage=\n', '[Image]\nImage=""\n'])('%j: no image to pull is an error', (text) => {
    expect(result(text).error).toBe('converting "tools.image": no Image key specified');
  });

  test.each([
    ['busybox', 1], ['busybox:1.36', 1], ['library/busybox', 1], ['', 1],
    ['docker.io/library/busybox', 0], ['localhost/x', 0], ['registry:5000/x', 0], ['docker-archive:/tmp/x.tar', 0],
    ['sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 0],
  ])('Image=%j warns %d time(s) about short names', (image, count) => {
    expect(warningsFor(`[Image]\nImage=${image}\n`)).toHaveLength(count);
  });

  test('ImageTag= is what referencing units use, not a pull option', () => {
    const results = generate({
      'tools.image': '[Image]\nImage=docker-archive:/srv/t.tar\nImageTag=quay.io/x/t:1\n',
      'web.container': '[Container]\nImage=tools.image\n',
    });
    const pull = results.find((r) => r.source.fileName === 'tools.image')?.service;
    expect(splitWords(pull?.lookup('Service', 'ExecStart') ?? '')).toEqual(['/usr/bin/podman', 'image', 'pull', 'docker-archive:/srv/t.tar']);
    const web = results.find((r) => r.source.fileName === 'web.container')?.service;
    expect(splitWords(web?.lookup('Service', 'ExecStart') ?? '')).toContain('quay.io/x/t:1');
  });

  test('[Quadlet] DefaultDependencies=false drops the network-online dependency', () => {
    const s = result('[Quadlet]\nDefaultDependencies=false\n[Image]\nImage=quay.io/x/t:1\n').service;
    expect(s?.lookupAll('Unit', 'Wants')).toEqual([]);
    expect(s?.lookup('X-Quadlet', 'DefaultDependencies')).toBe('false');
  });
});
