// The config model: inheritance, references, variables, literal values and the
// updater's keys, as a user writing quadctl.ini relies on them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, parseEnvFile, type ConfigUnit } from '../../../src/config';
import { fileText, load, render } from './support';

const values = (u: ConfigUnit, group: string, key: string): string[] => u.settings.filter((s) => s.group === group && s.key === key).map((s) => s.text);
const unit = (text: string, name: string, env: Record<string, string> = {}): ConfigUnit => {
  const u = load(text, env).units.find((x) => x.fileName === name);
  if (!u) throw new Error(`no ${name}`);
  return u;
};

describe('defaults', () => {
  const text = `
[defaults]
Pull = never
Label = team=ops
Service.Restart = always

[defaults.container]
Pull = missing

[network.n]

[container.a]
Image = localhost/a:1

[container.b]
Image = localhost/b:1
Pull = always
Label =
Label = only=b
`;
  test('a key in [defaults] reaches every unit type that has it, and only those', () => {
    expect(values(unit(text, 'n.network'), 'Network', 'Label')).toEqual(['team=ops']);
    expect(values(unit(text, 'n.network'), 'Network', 'Pull')).toEqual([]);
    expect(values(unit(text, 'n.network'), 'Service', 'Restart')).toEqual(['always']);
  });
  test('[defaults.TYPE] overrides [defaults], and a unit overrides both', () => {
    expect(values(unit(text, 'a.container'), 'Container', 'Pull')).toEqual(['missing']);
    expect(values(unit(text, 'b.container'), 'Container', 'Pull')).toEqual(['always']);
  });
  test('lists accumulate, and an empty value resets what was inherited', () => {
    expect(values(unit(text, 'a.container'), 'Container', 'Label')).toEqual(['team=ops']);
    expect(values(unit(text, 'b.container'), 'Container', 'Label')).toEqual(['only=b']);
  });
});

describe('references by name', () => {
  const text = `
[network.backend]
[volume.data]
[image.base]
Image = localhost/base:1
[pod.p]

[container.c]
Image = base
Network = backend:ip=10.0.0.5
Network = host
Volume = data:/d:ro
Volume = cache:/c
Volume = /srv/x:/x
Pod = p
Mount = type=volume,source=data,destination=/m
`;
  const c = (): ConfigUnit => unit(text, 'c.container');
  test('names of units in the config become Quadlet references, with their options kept', () => {
    expect(values(c(), 'Container', 'Image')).toEqual(['base.image']);
    expect(values(c(), 'Container', 'Network')).toEqual(['backend.network:ip=10.0.0.5', 'host']);
    expect(values(c(), 'Container', 'Pod')).toEqual(['p.pod']);
    expect(values(c(), 'Container', 'Mount')).toEqual(['type=volume,source=data.volume,destination=/m']);
  });
  test('names that are no unit of the config, and host paths, pass through', () => {
    expect(values(c(), 'Container', 'Volume')).toEqual(['data.volume:/d:ro', 'cache:/c', '/srv/x:/x']);
  });
  test('a name that is both an image and a build unit is refused as ambiguous', () => {
    const { issues } = loadConfig('[image.x]\nImage = localhost/x:1\n[build.x]\nImageTag = localhost/x:2\nFile = /b/Containerfile\n[container.c]\nImage = x\n', { file: 'f.ini', env: {} });
    expect(issues.map((i) => [i.line, i.key, i.message])).toEqual([[7, 'Image', expect.stringContaining('x is ambiguous')]]);
  });
});

describe('variables', () => {
  test('${VAR} and ${VAR:-default} come from the env map; $${ is a literal ${', () => {
    const text = '[container.c]\nImage = ${REG:-localhost:5000}/app:${TAG}\nEnvironment = A=$${NOT_OURS}\n';
    expect(values(unit(text, 'c.container', { TAG: '2.1.0' }), 'Container', 'Image')).toEqual(['localhost:5000/app:2.1.0']);
    expect(values(unit(text, 'c.container', { TAG: '2', REG: 'ghcr.io/o' }), 'Container', 'Image')).toEqual(['ghcr.io/o/app:2']);
    expect(values(unit(text, 'c.container', { TAG: '2' }), 'Container', 'Environment')).toEqual(['A=$${NOT_OURS}']);
  });
  test('an env file is NAME=VALUE lines with comments and optional quotes; bad lines are named', () => {
    expect(parseEnvFile('# c\nA=1\nexport B="two words"\nC=\'x\'\nnot a line\n')).toEqual({ env: { A: '1', B: 'two words', C: 'x' }, errors: [{ line: 5, message: expect.stringContaining('NAME=VALUE') }] });
  });
});

describe('values are literal', () => {
  test('% and $ reach the container as written; %{X} asks for a systemd specifier', () => {
    const text = '[container.c]\nImage = localhost/c:1\nEnvironment = "P=50% of $HOME"\nVolume = %{h}/data:/data\nService.Environment = "X=$Y 5%"\n';
    const c = unit(text, 'c.container');
    expect(values(c, 'Container', 'Environment')).toEqual(['"P=50%% of $$HOME"']);
    expect(values(c, 'Container', 'Volume')).toEqual(['%h/data:/data']);
    // [Service] Environment= is not an Exec line: systemd expands no $ there, so only % is doubled.
    expect(values(c, 'Service', 'Environment')).toEqual(['"X=$Y 5%%"']);
  });
  test('a command line is a JSON array of words or a systemd-quoted string', () => {
    const c = unit('[container.c]\nImage = localhost/c:1\nExec = ["sh", "-c", "echo \\"hi\\"; sleep 1"]\nService.ExecStartPre = /bin/echo "a b" ;\n', 'c.container');
    expect(values(c, 'Container', 'Exec')).toEqual(['sh -c "echo \\"hi\\"; sleep 1"']);
    expect(values(c, 'Service', 'ExecStartPre')).toEqual(['/bin/echo "a b"']);
  });
});

describe("'…' keeps its contents as written", () => {
  // ini's value decoder JSON-parsed these: a crash on an array or null, an object silently dropped.
  test('JSON-looking text stays text', () => {
    const c = unit(`[container.c]\nImage = localhost/c:1\nExec = '["sh","-c","echo hi"]'\nHostName = 'null'\nEnvironment = 'J={"A":1}'\nLabel = 'a=b;c # d'\n`, 'c.container');
    expect(values(c, 'Container', 'HostName')).toEqual(['null']);
    expect(values(c, 'Container', 'Environment')).toEqual(['"J={\\"A\\":1}"']);
    expect(values(c, 'Container', 'Label')).toEqual(['"a=b;c # d"']);
    // A text command line is split by systemd's rules, which unquote inside a word.
    expect(values(c, 'Container', 'Exec')).toEqual(['"[sh,-c,echo hi]"']);
  });
  test('a quoted object where NAME=VALUE belongs is an error naming the line, not a dropped value', () => {
    const r = loadConfig(`[container.c]\nImage = localhost/c:1\nEnvironment = '{"A":1}'\n`, { file: 'q.ini', env: {} });
    expect(r.issues.map((i) => `${i.line} ${i.key}`)).toEqual(['3 Environment']);
  });
  test('unquoted text: comments end it, \\; and \\# write the character', () => {
    const c = unit('[container.c]\nImage = localhost/c:1\nLabel = a=b\\;c\\#d ; comment\n', 'c.container');
    expect(values(c, 'Container', 'Label')).toEqual(['a=b;c#d']);
  });
});

describe('update keys', () => {
  const text = `
[defaults]
update.policy = minor
update.settle = 1m

[container.a]
Image = localhost/a:1.2.0
update.probe = tcp://127.0.0.1:5432

[container.b]
Image = localhost/b:1
update.policy = none

[container.c]
Image = localhost/c:2
update.policy = ~2.1 || ~2.2
AutoUpdate = local
`;
  test('are carried as io.quadctl.* labels, with AutoUpdate=registry for units the updater follows', () => {
    const a = unit(text, 'a.container');
    expect(values(a, 'Container', 'Label')).toEqual(['io.quadctl.policy=minor', 'io.quadctl.settle=1m', 'io.quadctl.probe=tcp://127.0.0.1:5432']);
    expect(values(a, 'Container', 'AutoUpdate')).toEqual(['registry']);
    expect(a.update).toEqual({ policy: 'minor', settle: '1m', probe: 'tcp://127.0.0.1:5432' });
  });
  test('policy none is carried but does not ask Podman for auto-updates; an explicit AutoUpdate is kept', () => {
    expect(values(unit(text, 'b.container'), 'Container', 'AutoUpdate')).toEqual([]);
    expect(values(unit(text, 'b.container'), 'Container', 'Label')).toContain('io.quadctl.policy=none');
    expect(values(unit(text, 'c.container'), 'Container', 'AutoUpdate')).toEqual(['local']);
    expect(values(unit(text, 'c.container'), 'Container', 'Label')).toContain('"io.quadctl.policy=~2.1 || ~2.2"');
  });
});

describe('keeping podman auto-update off a container quadctl updates', () => {
  test('an empty AutoUpdate = in the unit (after one inherited) writes no AutoUpdate at all', () => {
    const text = `[defaults.container]\nAutoUpdate = registry\n\n[container.a]\nImage = localhost/a:1\nupdate.policy = patch\nAutoUpdate =\n\n[container.b]\nImage = localhost/b:1\nupdate.policy = patch\n`;
    expect(values(unit(text, 'a.container'), 'Container', 'AutoUpdate')).toEqual([]);
    expect(values(unit(text, 'a.container'), 'Container', 'Label')).toContain('io.quadctl.policy=patch');
    expect(values(unit(text, 'b.container'), 'Container', 'AutoUpdate')).toEqual(['registry']);
  });
});

describe('update.authfile', () => {
  test("becomes Podman's io.containers.autoupdate.authfile label, where the updater and podman auto-update read it", () => {
    const text = `[defaults]\nupdate.authfile = /etc/quadctl/registry auth.json\n\n[container.a]\nImage = localhost/a:1\nupdate.policy = minor\n\n[container.b]\nImage = localhost/b:1\nupdate.authfile = %{h}/.config/b.json\n`;
    expect(values(unit(text, 'a.container'), 'Container', 'Label')).toEqual(['"io.containers.autoupdate.authfile=/etc/quadctl/registry auth.json"', 'io.quadctl.policy=minor']);
    expect(values(unit(text, 'b.container'), 'Container', 'Label')).toEqual(['io.containers.autoupdate.authfile=%h/.config/b.json']);
    // Credentials alone do not ask for updates.
    expect(values(unit(text, 'b.container'), 'Container', 'AutoUpdate')).toEqual([]);
  });

  test('reaches the podman command line of a plain systemd unit (Podman 4.3.1) as one --label word', () => {
    const result = render(load('[container.a]\nImage = localhost/a:1\nupdate.authfile = /etc/quadctl/a.json\n'), 'systemd', '4.3.1');
    expect(fileText(result, 'a.service')).toMatch(/ --label io\.containers\.autoupdate\.authfile=\/etc\/quadctl\/a\.json /);
  });

  test('a relative path is an error at the key', () => {
    const { issues } = loadConfig('[container.a]\nImage = localhost/a:1\nupdate.authfile = auth.json\n', { file: 'test.ini', env: {} });
    expect(issues).toEqual([expect.objectContaining({ line: 3, key: 'update.authfile', message: expect.stringMatching(/"auth\.json" is not an absolute path/) })]);
  });
});

test('the bundled example loads and defines a network, a volume, a pod and two containers', () => {
  const text = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'quadctl.ini'), 'utf8');
  const kinds = load(text).units.map((u) => u.kind).sort();
  expect(kinds).toEqual(['container', 'container', 'network', 'pod', 'volume']);
});

describe('unit names in [Unit] and [Install] keys', () => {
  // systemd splits After=, Requires=, WantedBy=… at blanks but keeps quotes and
  // backslashes in the name: a quoted name is an invalid one it ignores with a warning.
  test('are written bare, escaped names as typed, specifiers kept literal unless asked for', () => {
    const text = '[container.a]\nImage = localhost/a:1\nUnit.After = dev-disk-by\\x2dlabel-data.device  b.service\nUnit.Requires = srv-my\\x2ddata.mount\nInstall.WantedBy = multi-user.target app@%{i}.target\n';
    const a = unit(text, 'a.container');
    expect(values(a, 'Unit', 'After')).toEqual(['dev-disk-by\\x2dlabel-data.device b.service']);
    expect(values(a, 'Unit', 'Requires')).toEqual(['srv-my\\x2ddata.mount']);
    expect(values(a, 'Install', 'WantedBy')).toEqual(['multi-user.target app@%i.target']);
  });

  test.each([
    ['b"c.service', 'no quotes or control characters in a unit name'],
    ["it's.service", 'no quotes or control characters in a unit name'],
    ['b.service\\', 'can not end in a backslash'],
  ])('a name systemd could not read back (%s) is an error at its line and key', (value, message) => {
    const { issues } = loadConfig(`[container.a]\nImage = localhost/a:1\nUnit.After = ${value}\n`, { file: 'test.ini', env: {} });
    expect(issues).toEqual([expect.objectContaining({ line: 3, key: 'Unit.After', message: expect.stringContaining(message) })]);
  });
});
