// The systemd target for rootless units on a cgroup v1 host: Podman cannot run
// `--cgroups=split` there (it must create a cgroup v1 never delegates to a user),
// so those units would fail every start. Root units and cgroup v2 keep it.
import { parseVersion, renderConfig, type RenderResult } from '../../../src/render';
import { parseUnitFile, splitWords } from '../../../src/unitfile';
import { fileText, load, TEMPLATES } from './support';

const CONFIG = `
[pod.p]
[container.web]
Image = localhost:5000/demo/web:1.0.0
PublishPort = 127.0.0.1:8080:8080
[container.member]
Image = localhost:5000/demo/web:1.0.0
Pod = p
[container.own]
Image = localhost:5000/demo/web:1.0.0
CgroupsMode = no-conmon
`;

function renderFor(isUser: boolean, cgroupVersion: 1 | 2, text = CONFIG): RenderResult {
  return renderConfig(load(text), { target: 'systemd', templates: TEMPLATES, source: '/home/u/.config/quadctl/quadctl.ini', host: parseVersion('4.3.1'), cgroupVersion, isUser, podman: '/usr/bin/podman', baseDir: '/home/u/.config/quadctl' });
}

const start = (r: RenderResult, name: string): string[] => splitWords(parseUnitFile(fileText(r, name)).lookup('Service', 'ExecStart') ?? '', { exec: true });

describe('rootless units on a cgroup v1 host', () => {
  const v1 = renderFor(true, 1);

  test('containers run without --cgroups=split, the rest of podman run unchanged', () => {
    for (const name of ['web.service', 'member.service']) {
      const words = start(v1, name);
      expect(words).not.toContain('--cgroups=split');
      expect(words.filter((w) => w.startsWith('--cgroups'))).toEqual([]);
      expect(words).toEqual(start(renderFor(true, 2), name).filter((w) => w !== '--cgroups=split'));
    }
    expect(start(v1, 'web.service')).toEqual(expect.arrayContaining(['--sdnotify=conmon', '--publish', '127.0.0.1:8080:8080', 'localhost:5000/demo/web:1.0.0']));
  });

  test('the unit says why in its header', () => {
    expect(fileText(v1, 'web.service')).toMatch(/^# Adapted to cgroup v1: rootless Podman cannot use --cgroups=split on cgroup v1/m);
    // Only what was changed is noted: the container is addressed by name, no cid file to adapt.
    expect(fileText(v1, 'web.service')).not.toMatch(/^# Adapted to Podman 4\.3\.1/m);
  });

  test('a CgroupsMode= the config sets is kept', () => {
    expect(start(v1, 'own.service')).toEqual(expect.arrayContaining(['--cgroups', 'no-conmon']));
    expect(fileText(v1, 'own.service')).not.toContain('Adapted to cgroup v1');
  });
});

describe('where --cgroups=split works, it stays', () => {
  test.each([
    ['rootless on cgroup v2', true, 2],
    ['root on cgroup v1', false, 1],
  ] as const)('%s', (_name, isUser, version) => {
    const r = renderFor(isUser, version);
    expect(start(r, 'web.service')).toContain('--cgroups=split');
    expect(fileText(r, 'web.service')).not.toContain('Adapted to cgroup v1');
  });
});
