import { join } from 'node:path';
import {
  BlockedRegistryError,
  formatReference,
  mergeRegistriesConf,
  parseReference,
  parseRegistriesConf,
  pullSources,
  qualifyUnder,
  RegistriesConfError,
} from '../../../src/registry';
import { loadRegistriesConf, registriesConfPaths } from '../../../src/adapters/registry';

const ref = (text: string) => {
  const p = parseReference(text);
  return qualifyUnder(p.registry ?? '', p);
};
const sources = (confText: string, reference: string) =>
  pullSources(mergeRegistriesConf([parseRegistriesConf(confText, 'r.conf')]), ref(reference)).map((s) => `${formatReference(s.reference)}${s.insecure ? ' insecure' : ''}${s.mirror ? ' mirror' : ''}`);

describe('registries.conf: where an image is pulled from', () => {
  test('no matching entry: the reference itself, over TLS', () => {
    expect(sources('', 'quay.io/a/b:1')).toEqual(['quay.io/a/b:1']);
  });

  test('insecure entries and mirrors in order, then the location', () => {
    const text = `[[registry]]\nlocation = "docker.io"\n[[registry.mirror]]\nlocation = "mirror.local:5000"\ninsecure = true\n[[registry.mirror]]\nlocation = "mirror2.local/hub"\n`;
    expect(sources(text, 'docker.io/library/nginx:1.27')).toEqual([
      'mirror.local:5000/library/nginx:1.27 insecure mirror',
      'mirror2.local/hub/library/nginx:1.27 mirror',
      'docker.io/library/nginx:1.27',
    ]);
  });

  test('prefix + location rewrites, the longest prefix wins', () => {
    const text = `[[registry]]\nprefix = "example.com"\nlocation = "a.internal"\n[[registry]]\nprefix = "example.com/team"\nlocation = "b.internal/mirror/team"\ninsecure = true\n`;
    expect(sources(text, 'example.com/team/app:2')).toEqual(['b.internal/mirror/team/app:2 insecure']);
    expect(sources(text, 'example.com/other/app:2')).toEqual(['a.internal/other/app:2']);
    expect(sources(text, 'example.community/x:1')).toEqual(['example.community/x:1']);
  });

  test('wildcard prefixes match subdomains', () => {
    expect(sources('[[registry]]\nprefix = "*.corp.example"\ninsecure = true\n', 'reg.corp.example/a:1')).toEqual(['reg.corp.example/a:1 insecure']);
  });

  test('mirror-by-digest-only skips mirrors for tags', () => {
    const text = `[[registry]]\nlocation = "quay.io"\nmirror-by-digest-only = true\n[[registry.mirror]]\nlocation = "m.local"\n`;
    expect(sources(text, 'quay.io/a/b:1')).toEqual(['quay.io/a/b:1']);
  });

  test('blocked registries are refused with the file that blocks them', () => {
    const conf = mergeRegistriesConf([parseRegistriesConf('[[registry]]\nlocation = "evil.example"\nblocked = true\n', '/etc/containers/registries.conf.d/10-block.conf')]);
    expect(() => pullSources(conf, ref('evil.example/x:1'))).toThrow(BlockedRegistryError);
    expect(() => pullSources(conf, ref('evil.example/x:1'))).toThrow(/10-block\.conf/);
  });

  test('the v1 format is understood', () => {
    const fragment = parseRegistriesConf('[registries.search]\nregistries = ["quay.io"]\n[registries.insecure]\nregistries = ["localhost:5000"]\n[registries.block]\nregistries = ["bad.example"]\n', 'old.conf');
    const conf = mergeRegistriesConf([fragment]);
    expect(conf.unqualifiedSearchRegistries).toEqual(['quay.io']);
    expect(pullSources(conf, ref('localhost:5000/a:1'))[0].insecure).toBe(true);
    expect(() => pullSources(conf, ref('bad.example/a:1'))).toThrow(/blocked/);
  });

  test('later files override earlier ones field by field; same prefixes are replaced; aliases merge', () => {
    const conf = mergeRegistriesConf([
      parseRegistriesConf('unqualified-search-registries = ["docker.io"]\n[aliases]\n"a" = "quay.io/a"\n"b" = "quay.io/b"\n[[registry]]\nlocation = "r.example"\ninsecure = true\n', 'main.conf'),
      parseRegistriesConf('[aliases]\n"b" = "ghcr.io/b"\n[[registry]]\nlocation = "r.example"\nblocked = true\n', 'd/50.conf'),
    ]);
    expect(conf.unqualifiedSearchRegistries).toEqual(['docker.io']);
    expect(conf.aliases).toEqual({ a: 'quay.io/a', b: 'ghcr.io/b' });
    expect(conf.registries).toHaveLength(1);
    expect(conf.registries[0]).toMatchObject({ insecure: false, blocked: true, source: 'd/50.conf' });
  });

  test.each([
    ['unqualified-search-registries = "docker.io"', /r\.conf: unqualified-search-registries: must be an array of strings/],
    ['[[registry]]\nlocation = "a"\ninsecure = "yes"', /r\.conf: registry\[0\]\.insecure: must be true or false/],
    ['short-name-mode = "loose"', /short-name-mode: must be one of/],
    ['[aliases]\n"x" = "x:1"', /aliases\.x: must name a fully qualified image/],
    ['unqualified-search-registries = [\n"a",,\n]', /^r\.conf:\d+: /],
    ['[registries.search]\nregistries = []\n[[registry]]\nlocation = "a"', /cannot be mixed/],
  ])('errors name file, line or key: %j', (text, message) => {
    expect(() => parseRegistriesConf(text, 'r.conf')).toThrow(RegistriesConfError);
    expect(() => parseRegistriesConf(text, 'r.conf')).toThrow(message);
  });
});

describe('registries.conf files in Podman order', () => {
  const files = (tree: Record<string, string>) => ({
    readText: async (path: string) => tree[path],
    listDir: async (dir: string) => Object.keys(tree).filter((p) => p.startsWith(`${dir}/`)).map((p) => p.slice(dir.length + 1)),
  });
  const where = { systemDir: '/etc/containers', uid: 1000 };

  test('system file, then system drop-ins, then user drop-ins, alphabetically', async () => {
    const tree = {
      '/etc/containers/registries.conf': 'unqualified-search-registries = ["docker.io"]',
      '/etc/containers/registries.conf.d/20-b.conf': 'unqualified-search-registries = ["b.example"]',
      '/etc/containers/registries.conf.d/10-a.conf': 'unqualified-search-registries = ["a.example"]',
      '/etc/containers/registries.conf.d/notes.txt': 'not toml at all [',
      '/home/u/.config/containers/registries.conf.d/05-u.conf': 'unqualified-search-registries = ["u.example"]',
    };
    const paths = await registriesConfPaths({ HOME: '/home/u' }, files(tree), where);
    expect(paths.slice(1)).toEqual([
      '/etc/containers/registries.conf',
      '/etc/containers/registries.conf.d/10-a.conf',
      '/etc/containers/registries.conf.d/20-b.conf',
      '/home/u/.config/containers/registries.conf.d/05-u.conf',
    ]);
    expect((await loadRegistriesConf({ HOME: '/home/u' }, files(tree), where)).unqualifiedSearchRegistries).toEqual(['u.example']);
  });

  test('a per-user registries.conf replaces the system file and its drop-ins', async () => {
    const tree = {
      '/etc/containers/registries.conf': 'unqualified-search-registries = ["docker.io"]',
      '/etc/containers/registries.conf.d/10-a.conf': '[aliases]\n"x" = "quay.io/x"',
      '/home/u/.config/containers/registries.conf': 'unqualified-search-registries = ["quay.io"]',
    };
    const conf = await loadRegistriesConf({ HOME: '/home/u' }, files(tree), where);
    expect(conf.sources).toEqual(['/home/u/.config/containers/registries.conf']);
    expect(conf.aliases).toEqual({});
  });

  test('CONTAINERS_REGISTRIES_CONF replaces the main file; the alias cache has the lowest precedence', async () => {
    const tree = {
      '/tmp/mine.conf': '[aliases]\n"a" = "quay.io/from-conf"',
      '/home/u/.cache/containers/short-name-aliases.conf': '[aliases]\n"a" = "docker.io/cached/a"\n"b" = "docker.io/cached/b"',
      '/home/u/.config/containers/registries.conf': 'unqualified-search-registries = ["ignored"]',
    };
    const conf = await loadRegistriesConf({ HOME: '/home/u', CONTAINERS_REGISTRIES_CONF: '/tmp/mine.conf' }, files(tree), where);
    expect(conf.aliases).toEqual({ a: 'quay.io/from-conf', b: 'docker.io/cached/b' });
    expect(conf.unqualifiedSearchRegistries).toEqual([]);
    expect(conf.sources).toEqual([join('/home/u/.cache/containers/short-name-aliases.conf'), '/tmp/mine.conf']);
  });
});
