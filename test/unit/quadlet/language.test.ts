// The Quadlet written depends on the Podman written for: each upstream change applies
// from the release that made it, keys and types from the release that added them.
import { UNIT_KINDS, UNIT_TYPES } from '../../../src/config/catalog/quadlet-keys';
import { CHANGES, NEWEST, quadletLevel } from '../../../src/quadlet/language';
import { parseVersion } from '../../../src/render/podman-version';
import { splitWords } from '../../../src/unitfile';
import { generate } from './translate-helpers';

const level = (v: string) => quadletLevel(parseVersion(v));
/** The release before `v` (x.y.0 -> x.(y-1).99, x.y.z -> x.y.(z-1)). */
const before = (v: string): string => {
  const [major, minor, patch] = v.split('.').map(Number);
  return patch > 0 ? `${major}.${minor}.${patch - 1}` : `${major}.${minor - 1}.99`;
};

const exec = (r: ReturnType<typeof generate>[number], key = 'ExecStart'): string[] => {
  if (r.service === undefined) throw new Error(r.error);
  return splitWords(r.service.lookup('Service', key) ?? '');
};

describe('the change table', () => {
  test.each(CHANGES.map((c) => [c.change, c.since]))('%s applies from Podman %s on, not before', (change, since) => {
    expect(level(since).has(change)).toBe(true);
    expect(level(before(since)).has(change)).toBe(false);
  });

  test('no setting means the newest Quadlet, which has every change', () => {
    expect(quadletLevel().version).toEqual(NEWEST);
    for (const c of CHANGES) expect(quadletLevel().has(c.change)).toBe(true);
  });
});

describe('keys and types newer than the Podman written for', () => {
  test('are refused naming the key and the release that added it, never dropped', () => {
    const [r] = generate({ 'web.container': '[Container]\nImage=quay.io/x\nMemory=512m\n' }, level('5.4.2'));
    expect(r.service).toBeUndefined();
    expect(r.error).toContain("unsupported key 'Memory' in group 'Container'");
    expect(r.error).toContain('needs Podman 5.5.0 or newer; writing for Podman 5.4.2');
    const [ok] = generate({ 'web.container': '[Container]\nImage=quay.io/x\nMemory=512m\n' }, level('5.5.0'));
    expect(exec(ok)).toContain('--memory');
  });

  test('the .artifact type needs 5.7', () => {
    const text = '[Artifact]\nArtifact=quay.io/x/model:1\n';
    expect(generate({ 'm.artifact': text }, level('5.6.2'))[0].error).toContain('the .artifact type needs Podman 5.7.0 or newer');
    expect(exec(generate({ 'm.artifact': text }, level('5.7.0'))[0])).toEqual(['/usr/bin/podman', 'artifact', 'pull', 'quay.io/x/model:1']);
  });

  test('every key of the catalog is accepted by the translation at the newest level (one catalog)', () => {
    for (const kind of UNIT_KINDS) {
      const { group, keys } = UNIT_TYPES[kind];
      for (const key of Object.keys(keys)) {
        const [r] = generate({ [`t.${kind}`]: `[${group}]\n${key}=\n` }, quadletLevel());
        expect({ kind, key, error: r.error ?? '' }).not.toEqual({ kind, key, error: expect.stringContaining('unsupported key') });
      }
    }
  });
});

describe('output by release', () => {
  const container = '[Container]\nImage=quay.io/x\nEnvironment=A=1 HOME\n';

  test('up to 5.5 a container keeps its id in a cid file; from 5.6 it is addressed by name', () => {
    const old = exec(generate({ 'web.container': container }, level('5.5.2'))[0], 'ExecStop');
    expect(old).toEqual(['/usr/bin/podman', 'rm', '-v', '-f', '-i', '--cidfile=%t/%N.cid']);
    const now = generate({ 'web.container': container }, level('5.6.0'))[0];
    expect(exec(now, 'ExecStop')).toEqual(['/usr/bin/podman', 'rm', '-v', '-f', '-i', 'systemd-%N']);
    expect(exec(now)).not.toContain('--cidfile=%t/%N.cid');
  });

  test('an Environment= name without value: dropped by 5.4, reported by 5.5, passed on from 5.6', () => {
    const at = (v: string) => exec(generate({ 'web.container': container }, level(v))[0]).filter((_w, i, all) => all[i - 1] === '--env');
    expect(at('5.4.2')).toEqual(['A=1']);
    expect(at('5.5.0')).toEqual(['A=1']);
    expect(at('5.6.0')).toEqual(['A=1', 'HOME']);
  });

  test('a pod: id file and --exit-policy=stop up to 5.5; by name, ExitPolicy= and StopTimeout= later', () => {
    const pod = '[Pod]\nExitPolicy=continue\n';
    expect(generate({ 'p.pod': pod }, level('5.5.2'))[0].error).toContain("unsupported key 'ExitPolicy'");
    const r = generate({ 'p.pod': `${pod}StopTimeout=30\n` }, level('5.7.0'))[0];
    expect(exec(r, 'ExecStartPre').slice(1, 7)).toEqual(['pod', 'create', '--infra-conmon-pidfile=%t/%N.pid', '--replace', '--exit-policy', 'continue']);
    expect(exec(r, 'ExecStop')).toEqual(['/usr/bin/podman', 'pod', 'stop', '--ignore', '--time=30', 'systemd-p']);
  });

  test('dependencies on Quadlet files become their services from 5.5; an unknown one is an error', () => {
    const files = { 'db.container': '[Container]\nImage=quay.io/db\n', 'web.container': '[Unit]\nRequires=db.container x.service\n[Container]\nImage=quay.io/x\n' };
    const web = (v: string) => generate(files, level(v)).find((t) => t.source.fileName === 'web.container');
    expect(web('5.4.2')?.service?.lookupAll('Unit', 'Requires')).toEqual(['db.container x.service']);
    expect(web('5.5.0')?.service?.lookupAll('Unit', 'Requires')).toEqual(['db.service x.service']);
    const missing = generate({ 'web.container': '[Unit]\nAfter=nope.network\n[Container]\nImage=quay.io/x\n' }, level('5.8.6'))[0];
    expect(missing.error).toBe('converting "web.container": unable to translate dependency for nope.network');
  });

  test('which error comes first: 5.4 a build\'s missing ImageTag=; 5.5 a bad dependency; 5.6 an unknown key', () => {
    const first = (file: string, text: string, v: string) => generate({ [file]: text }, level(v))[0].error;
    const container = '[Unit]\nRequires=nope.volume\n[Container]\nImage=quay.io/x\nNoSuchKey=1\n';
    expect(first('web.container', container, '5.4.2')).toContain("unsupported key 'NoSuchKey'");
    expect(first('web.container', container, '5.5.2')).toBe('converting "web.container": unable to translate dependency for nope.volume');
    expect(first('web.container', container, '5.6.0')).toContain("unsupported key 'NoSuchKey'");
    const build = '[Unit]\nRequires=nope.volume\n[Build]\nFile=/src/Containerfile\nNoSuchKey=1\n';
    expect(first('b.build', build, '5.4.2')).toBe('converting "b.build": no ImageTag key specified');
    expect(first('b.build', build, '5.5.2')).toBe('converting "b.build": no ImageTag key specified');
    expect(first('b.build', build, '5.6.0')).toContain("unsupported key 'NoSuchKey'");
    expect(first('b.build', build.replace('NoSuchKey=1\n', ''), '5.6.0')).toBe('converting "b.build": unable to translate dependency for nope.volume');
  });

  test('5.8.2: Entrypoint= is written joined and may be empty', () => {
    const r = generate({ 'web.container': '[Container]\nImage=quay.io/x\nEntrypoint=\n' }, level('5.8.2'))[0];
    expect(exec(r)).toContain('--entrypoint=');
    expect(exec(generate({ 'web.container': '[Container]\nImage=quay.io/x\nEntrypoint=\n' }, level('5.8.1'))[0]).join(' ')).not.toContain('--entrypoint');
  });
});
