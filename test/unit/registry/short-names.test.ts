import { mergeRegistriesConf, parseRegistriesConf, resolveReference, ShortNameError, formatReference } from '../../../src/registry';

const conf = (text: string) => mergeRegistriesConf([parseRegistriesConf(text, '/etc/containers/registries.conf')]);

describe('short-name resolution', () => {
  test('a fully qualified name is used as written, with latest added', () => {
    const { reference, via } = resolveReference('quay.io/podman/hello', conf(''));
    expect(formatReference(reference)).toBe('quay.io/podman/hello:latest');
    expect(via).toBe('qualified');
  });

  test('an alias wins over search registries and keeps the tag', () => {
    const c = conf('unqualified-search-registries = ["quay.io", "docker.io"]\n[aliases]\n"fedora" = "registry.fedoraproject.org/fedora"\n');
    const { reference, via } = resolveReference('fedora:40', c);
    expect(formatReference(reference)).toBe('registry.fedoraproject.org/fedora:40');
    expect(via).toBe('alias');
  });

  test('one search registry qualifies the name, with docker.io library/ rule', () => {
    const { reference, via } = resolveReference('nginx:1.27', conf('unqualified-search-registries = ["docker.io"]'));
    expect(formatReference(reference)).toBe('docker.io/library/nginx:1.27');
    expect(via).toBe('search-registry');
  });

  test('several search registries are ambiguous: the error lists the choices', () => {
    const c = conf('unqualified-search-registries = ["quay.io", "docker.io"]');
    expect(() => resolveReference('nginx', c)).toThrow(ShortNameError);
    expect(() => resolveReference('nginx', c)).toThrow(/ambiguous.*quay\.io\/nginx or docker\.io\/library\/nginx.*\/etc\/containers\/registries\.conf/);
  });

  test('no search registries and no alias: the error says how to fix it', () => {
    expect(() => resolveReference('nginx', conf(''))).toThrow(/no registry.*docker\.io\/library\/nginx/);
  });
});
