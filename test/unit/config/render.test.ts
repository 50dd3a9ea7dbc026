// Rendering for both targets: templates can lay out but not alter values, and
// the systemd target is adapted to, and checked against, the host's Podman.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTemplates } from '../../../src/adapters/fs/templates';
import { checkPodmanLine } from '../../../src/render/podman-flags';
import { markerSource, renderConfig, parseVersion } from '../../../src/render';
import { parseUnitFile, splitWords } from '../../../src/unitfile';
import { fileText, load, render, TEMPLATES } from './support';

const EXAMPLE = `
[network.backend]
[volume.data]
[pod.p]
Network = backend
[container.web]
Image = localhost:5000/demo/web:1.0.0
Network = backend
Volume = data:/d
PublishPort = 8080:8080
Install.WantedBy = multi-user.target
`;

describe('systemd target on Podman 4.3.1', () => {
  const result = render(load(EXAMPLE), 'systemd', '4.3.1');
  const web = parseUnitFile(fileText(result, 'web.service'));
  test('a container is addressed by name, with no cid file that could go stale and block a restart', () => {
    expect(web.lookupAll('Service', 'ExecStartPre')).toEqual([]);
    expect(web.lookup('Service', 'ExecStart')).not.toContain('--cidfile');
    expect(splitWords(web.lookup('Service', 'ExecStop') ?? '')).toEqual(['/usr/bin/podman', 'rm', '-v', '-f', '-i', 'systemd-%N']);
  });
  test('a pod is created, started and removed by name, with no pod id file', () => {
    const pod = parseUnitFile(fileText(result, 'p-pod.service'));
    const pre = pod.lookupAll('Service', 'ExecStartPre').map((l) => splitWords(l.replace(/^-/, '')));
    expect(pre.map((w) => w.slice(1, 3))).toEqual([['pod', 'create']]);
    expect(pre[0]).not.toContain('--pod-id-file=%t/%N.pod-id');
    expect(splitWords(pod.lookup('Service', 'ExecStart') ?? '')).toEqual(['/usr/bin/podman', 'pod', 'start', 'systemd-p']);
  });
  test('networks and volumes are created without --ignore (4.4+) and then required to exist', () => {
    for (const [name, object] of [['backend-network.service', 'network'], ['data-volume.service', 'volume']]) {
      const u = parseUnitFile(fileText(result, name));
      expect(u.lookupAll('Service', 'ExecStartPre')).toEqual([`-/usr/bin/podman ${object} create systemd-${object === 'network' ? 'backend' : 'data'}`]);
      expect(u.lookup('Service', 'ExecStart')).toBe(`/usr/bin/podman ${object} exists systemd-${object === 'network' ? 'backend' : 'data'}`);
    }
  });
  test('every podman flag in every unit is one Podman 4.3.1 accepts', () => {
    for (const f of result.files) {
      if (!('content' in f)) continue;
      const u = parseUnitFile(f.content);
      for (const key of ['ExecStartPre', 'ExecStart', 'ExecStop', 'ExecStopPost']) for (const line of u.lookupAll('Service', key)) expect({ line, problems: checkPodmanLine(line) }).toEqual({ line, problems: [] });
    }
  });
  test('[Install] becomes the symlinks systemctl enable would make', () => {
    expect(result.files.filter((f) => 'link' in f)).toEqual([expect.objectContaining({ name: 'multi-user.target.wants/web.service', link: '../web.service' })]);
  });
});

describe('keys the host Podman lacks', () => {
  const text = '[container.c]\nImage = localhost/c:1\nHealthStartupCmd = /bin/true\nHealthLogDestination = /var/log/h\n';
  test('are errors naming the line, the key and the Podman version they need', () => {
    const r = render(load(text), 'systemd', '4.3.1');
    expect(r.files).toEqual([]);
    expect(r.problems).toEqual([
      expect.objectContaining({ line: 3, key: 'HealthStartupCmd', message: expect.stringContaining('needs Podman 4.4.0 or later') }),
      expect.objectContaining({ line: 4, key: 'HealthLogDestination', message: expect.stringContaining('needs Podman 5.3.0 or later') }),
    ]);
  });
  test('are fine on a Podman that has them, where no 4.3 adaptation is applied either', () => {
    const r = render(load(text), 'systemd', '5.4.0');
    expect(r.problems).toEqual([]);
    expect(parseUnitFile(fileText(r, 'c.service')).lookupAll('Service', 'ExecStartPre')).toEqual([]);
  });
});

describe('templates', () => {
  const config = load('[container.c]\nImage = localhost/c:1\nEnvironment = "A=x y"\n');
  const withContainer = (container: string) => renderConfig(config, { target: 'quadlet', templates: { ...TEMPLATES, container }, source: '/q.ini', isUser: false, podman: '/usr/bin/podman', baseDir: '/' });
  test('a custom layout renders, and the file carries the marker naming its config', () => {
    const r = withContainer('# custom\n{{#each groups}}[{{name}}]\n{{#each lines}}{{key}} = {{{value}}}\n{{/each}}{{/each}}');
    const text = fileText(r, 'c.container');
    expect(markerSource(text)).toBe('/q.ini');
    expect(parseUnitFile(text).lookup('Container', 'Environment')).toBe('"A=x y"');
  });
  test('a template that loses or changes a value is refused, naming the key', () => {
    expect(withContainer('[Container]\nImage=other\n').problems).toEqual([expect.objectContaining({ unit: 'c.container', message: expect.stringContaining('[Container] Image') })]);
    expect(withContainer('[Container]\n{{#each groups}}{{#each lines}}{{key}}={{value}}\n{{/each}}{{/each}}Environment=B=1\n').problems).toEqual([expect.objectContaining({ message: expect.stringContaining('Environment') })]);
  });
  test('a template referring to something the context lacks is an error, not an empty value', () => {
    expect(withContainer('[Container]\nImage={{nope}}\n').problems).toEqual([expect.objectContaining({ message: expect.stringContaining('nope') })]);
  });
  test('no context value can add a line: a config path that could is refused before any template sees it', () => {
    const layout = '# from {{source}}\n{{#each groups}}[{{name}}]\n{{#each lines}}{{key}}={{value}}\n{{/each}}{{/each}}';
    const withSource = (source: string) => renderConfig(config, { target: 'quadlet', templates: { ...TEMPLATES, container: layout }, source, isUser: false, podman: '/usr/bin/podman', baseDir: '/' });
    for (const source of ['/q.ini\n[Service]\nExecStartPre=/bin/sh -c evil', '/q.ini\\']) {
      const r = withSource(source);
      expect(r.files).toEqual([]);
      expect(r.problems).toEqual([expect.objectContaining({ message: expect.stringMatching(/config path .*(line break|backslash)/) })]);
    }
    expect(parseUnitFile(fileText(withSource('/etc/q uadctl.ini'), 'c.container')).groupNames()).toEqual(['Container']);
  });
  test('one bundled template serves every type; --templates DIR replaces it with unit.hbs, or per type with TYPE.hbs', () => {
    const bundled = loadTemplates();
    expect(new Set(Object.values(bundled)).size).toBe(1);
    expect(bundled).toEqual(TEMPLATES);
    const dir = mkdtempSync(join(tmpdir(), 'quadctl-templates-'));
    try {
      writeFileSync(join(dir, 'unit.hbs'), '# mine\n');
      writeFileSync(join(dir, 'network.hbs'), '# network\n');
      const own = loadTemplates(dir);
      expect([own.container, own.volume, own.network]).toEqual(['# mine\n', '# mine\n', '# network\n']);
      rmSync(join(dir, 'unit.hbs'));
      expect(loadTemplates(dir).container).toBe(bundled.container);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('values Quadlet reads as strv (LogOpt=, Sysctl=, …)', () => {
  test('a trailing backslash is written inside quotes, where Quadlet reads it as an ordinary character', () => {
    const config = load('[container.c]\nImage = localhost/c:1\nLogOpt = "tag=a\\\\"\nSysctl = "net.x=\\\\"\n');
    // The Quadlet file, as Podman's Quadlet 5.4 reads it: "tag=a\" is tag=a\ (test/fixtures/differential/escapes/strv.container).
    const quadlet = parseUnitFile(fileText(render(config, 'quadlet'), 'c.container'));
    expect(quadlet.lookupAll('Container', 'LogOpt')).toEqual(['"tag=a\\"']);
    expect(quadlet.lookupAll('Container', 'Sysctl')).toEqual(['"net.x=\\"']);
    const words = splitWords(parseUnitFile(fileText(render(config, 'systemd', '5.4.0'), 'c.service')).lookup('Service', 'ExecStart') ?? '', { exec: true });
    expect(words.filter((_, i) => ['--log-opt', '--sysctl'].includes(words[i - 1]))).toEqual(['tag=a\\', 'net.x=\\']);
  });
});

test('parseVersion reads podman version strings', () => {
  expect(parseVersion('4.3.1')).toEqual({ major: 4, minor: 3, patch: 1 });
  expect(parseVersion('5.4.0-dev')).toEqual({ major: 5, minor: 4, patch: 0 });
  expect(parseVersion('podman')).toBeUndefined();
});
