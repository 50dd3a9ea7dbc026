// `quadctl import compose` as a user runs it (the built CLI): the file it picks
// with no -f, exit 2 and nothing written when fields can not be carried over,
// --lossy, refusing to replace a file without --force, --json, and a config
// that `quadctl validate` accepts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const run = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin', 'quadctl'), ...args], { cwd, encoding: 'utf8', env: { PATH: '/nonexistent' } });

const COMPOSE = `services:
  web:
    image: nginx:1.27
    ports: ["8080:80"]
    deploy:
      placement: {constraints: [node.role==manager]}
`;

describe('quadctl import compose', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'quadctl-import-'));
    writeFileSync(join(dir, 'compose.yaml'), COMPOSE);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('a field that can not be carried over: exit 2, its path and line, nothing written', () => {
    const r = run(dir, 'import', 'compose', '-o', 'quadctl.ini');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('compose.yaml:6: services.web.deploy.placement: placement constraints choose a Swarm node');
    expect(r.stderr).toContain('1 field can not be carried over; nothing was written (--lossy');
    expect(existsSync(join(dir, 'quadctl.ini'))).toBe(false);
  });

  test('--lossy writes the rest, lists what was dropped, and validate accepts it', () => {
    const r = run(dir, 'import', 'compose', '--lossy', '-o', 'quadctl.ini');
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('dropped compose.yaml:6: services.web.deploy.placement');
    const text = readFileSync(join(dir, 'quadctl.ini'), 'utf8');
    expect(text).toContain('#   services.web.deploy.placement: placement constraints');
    expect(text).toContain('PublishPort = 8080:80');
    const v = run(dir, 'validate', '-c', 'quadctl.ini', '--target', 'quadlet');
    expect(v.status).toBe(0);
    // An existing file is kept unless --force.
    const again = run(dir, 'import', 'compose', '--lossy', '-o', 'quadctl.ini');
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('quadctl.ini exists; nothing was written (--force replaces it)');
    expect(run(dir, 'import', 'compose', '--lossy', '-o', 'quadctl.ini', '--force').status).toBe(0);
  });

  test('--json reports the project, the config and what was dropped', () => {
    const r = run(dir, 'import', 'compose', '--lossy', '--json', '--podman-version', '4.3.1');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { project: string; services: string[]; dropped: { path: string }[]; config: string };
    expect(out.project).toBe(dir.split('/').pop()?.toLowerCase().replace(/[^a-z0-9_-]/g, ''));
    expect(out.services).toEqual(['web']);
    expect(out.dropped.map((d) => d.path)).toEqual(['services.web.deploy.placement']);
    expect(out.config).toContain('[container.');
  });

  test('--json without --lossy: the refusal as data, exit 2, nothing written', () => {
    const r = run(dir, 'import', 'compose', '--json', '-o', 'quadctl.ini');
    expect(r.status).toBe(2);
    const out = JSON.parse(r.stdout) as { written: boolean; dropped: { path: string; at: { line: number } }[] };
    expect(out.written).toBe(false);
    expect(out.dropped.map((d) => [d.path, d.at.line])).toEqual([['services.web.deploy.placement', 6]]);
    expect(existsSync(join(dir, 'quadctl.ini'))).toBe(false);
  });

  test('no compose file: exit 2 saying so', () => {
    rmSync(join(dir, 'compose.yaml'));
    const r = run(dir, 'import', 'compose');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no compose file here');
  });

  test('a schema error: exit 2 with the field and line', () => {
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: nginx\n    restart_policy: always\n');
    const r = run(dir, 'import', 'compose');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('compose.yaml:4: services.web.restart_policy: is not a field of the Compose Specification');
  });
});
