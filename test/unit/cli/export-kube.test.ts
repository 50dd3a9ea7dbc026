// quadctl export kube as a user runs it (the built CLI): what it writes, what it
// lists on stderr, its exit codes, and that a folder is written all or nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const ROOT = join(__dirname, '..', '..', '..');
const CONFIG = `[volume.data]

[container.web]
Image = registry.example/web:1.0.0
PublishPort = 8080:80
Volume = data:/srv
Unit.After = db.service
update.policy = minor
`;

function quadctl(args: string[], cwd: string) {
  return spawnSync(process.execPath, [join(ROOT, 'bin', 'quadctl'), 'export', 'kube', ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
}

describe('quadctl export kube', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'quadctl-export-kube-'));
    writeFileSync(join(dir, 'quadctl.ini'), CONFIG);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('-o - writes one stream and lists what is not carried with file, line and key', () => {
    const r = quadctl(['-c', 'quadctl.ini'], dir);
    expect(r.status).toBe(0);
    const kinds = parseAllDocuments(r.stdout).map((d) => (d.toJS() as { kind: string }).kind);
    expect(kinds).toEqual(['Deployment', 'Service', 'PersistentVolumeClaim']);
    expect(r.stderr).toContain('quadctl.ini:7: [container.web] Unit.After: not carried: systemd ordering');
  });

  test('--strict: exit 2 and nothing written when something is not carried', () => {
    const r = quadctl(['-c', 'quadctl.ini', '--strict', '-o', 'out'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('1 setting can not be carried over (--strict); nothing was written');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  test('-o DIR: one file per section; a re-run replaces its own files, a foreign file stops it before anything is written', () => {
    expect(quadctl(['-c', 'quadctl.ini', '-o', 'out'], dir).status).toBe(0);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['container.web.yaml', 'volume.data.yaml']);
    writeFileSync(join(dir, 'quadctl.ini'), CONFIG.replace('[volume.data]\n', '[volume.data]\n\n[container.api]\nImage = registry.example/api:2\n'));
    writeFileSync(join(dir, 'out', 'container.api.yaml'), 'mine\n');
    const before = readFileSync(join(dir, 'out', 'container.web.yaml'), 'utf8');
    const r = quadctl(['-c', 'quadctl.ini', '-o', 'out'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('container.api.yaml');
    expect(readFileSync(join(dir, 'out', 'container.api.yaml'), 'utf8')).toBe('mine\n');
    expect(readFileSync(join(dir, 'out', 'container.web.yaml'), 'utf8')).toBe(before);
    rmSync(join(dir, 'out', 'container.api.yaml'));
    const again = quadctl(['-c', 'quadctl.ini', '-o', 'out', '--podman', '--json'], dir);
    expect(again.status).toBe(0);
    expect((JSON.parse(again.stdout) as { files: string[] }).files).toEqual(['api.kube', 'container.api.yaml', 'container.web.yaml', 'volume.data.yaml', 'web.kube']);
  });

  test('an export and generate of the same config share a folder without removing each other\'s files', () => {
    const generate = (): number | null => spawnSync(process.execPath, [join(ROOT, 'bin', 'quadctl'), 'generate', '-c', 'quadctl.ini', '-o', 'out', '--target', 'quadlet'], { cwd: dir, encoding: 'utf8' }).status;
    expect(generate()).toBe(0);
    expect(quadctl(['-c', 'quadctl.ini', '-o', 'out', '--podman'], dir).status).toBe(0);
    expect(generate()).toBe(0);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['container.web.yaml', 'data.volume', 'volume.data.yaml', 'web.container', 'web.kube']);
  });

  test('an unknown --unit is invalid input: exit 2', () => {
    const r = quadctl(['-c', 'quadctl.ini', '--unit', 'nope'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--unit nope: the config has no such unit');
  });
});
