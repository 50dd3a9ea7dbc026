// The --json outputs a script gets without systemd (validate, generate, diff,
// history, hold, unhold, forget, notify test), checked against their published
// schemas; the others are checked in the e2e suites that produce them (apply,
// update, status, timer, check, rollback).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseJsonOutput } from '../../json-output';

const ROOT = join(__dirname, '../../..');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'quadctl-json-'));
  writeFileSync(join(dir, 'good.ini'), '[network.backend]\n\n[container.web]\nImage = localhost/web:1.0.0\nNetwork = backend\nPublishPort = 8080:80\nupdate.policy = patch\n');
  writeFileSync(join(dir, 'bad.ini'), '[container.web]\nImage = localhost/web:1.0.0\nPublishPort = 99999:80\n');
  const record = (r: object): string => `${JSON.stringify({ v: 1, txn: 't1', ...r })}\n`;
  const state = { image: 'localhost/web:1.0.0', digest: `sha256:${'a'.repeat(64)}`, imageId: 'b'.repeat(64) };
  writeFileSync(
    join(dir, 'history.jsonl'),
    record({ type: 'begin', at: 1000, unit: 'web.service', container: 'web', kind: 'update', trigger: 'timer', policy: 'patch', from: { ...state, dropIn: null }, to: { ...state, image: 'localhost/web:1.0.1', imageId: '' }, pull: 'localhost/web:1.0.1', reason: 'newer tag 1.0.1' }) +
      record({ type: 'step', at: 2000, step: 'pulled', imageId: 'c'.repeat(64) }) +
      record({ type: 'end', at: 3000, result: 'updated', reason: 'healthy' }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const quadctl = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'bin', 'quadctl'), ...args, '--json'], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), QUADCTL_STATE_DIR: dir } });

test('every published schema is documented in docs/json.md', () => {
  const names = readdirSync(join(ROOT, 'docs', 'schemas')).map((f) => f.replace('.schema.json', ''));
  const doc = readFileSync(join(ROOT, 'docs', 'json.md'), 'utf8');
  for (const name of names) expect(doc).toContain(`schemas/${name}.schema.json`);
  expect(names.sort()).toEqual(['apply', 'check', 'diff', 'export-kube', 'forget', 'generate', 'history', 'hold', 'import-compose', 'notify-test', 'rollback', 'status', 'timer-disable', 'timer-enable', 'timer-status', 'unhold', 'update', 'validate']);
});

test('validate: a good config and a bad one', () => {
  expect(parseJsonOutput('validate', quadctl('validate', '-c', join(dir, 'good.ini'), '--target', 'quadlet').stdout)).toMatchObject({ schemaVersion: 1, ok: true, units: 2, issues: [] });
  const bad = quadctl('validate', '-c', join(dir, 'bad.ini'), '--target', 'quadlet');
  expect(bad.status).toBe(2);
  expect(parseJsonOutput('validate', bad.stdout)).toMatchObject({ ok: false, issues: [expect.objectContaining({ line: 3, key: 'PublishPort' })] });
});

test('generate to stdout and into a folder; diff against that folder', () => {
  const printed = parseJsonOutput<{ files: { name: string }[] }>('generate', quadctl('generate', '-c', join(dir, 'good.ini'), '--target', 'quadlet', '-o', '-').stdout);
  expect(printed.files.map((f) => f.name).sort()).toEqual(['backend.network', 'web.container']);
  const out = join(dir, 'config', 'containers', 'systemd');
  expect(parseJsonOutput('generate', quadctl('generate', '-c', join(dir, 'good.ini'), '--target', 'quadlet', '-o', out).stdout)).toMatchObject({ dir: out, written: ['backend.network', 'web.container'] });
  expect(parseJsonOutput('diff', quadctl('diff', '-c', join(dir, 'good.ini'), '--target', 'quadlet', '--user').stdout)).toMatchObject({ dir: out, add: [], change: [], unchanged: ['backend.network', 'web.container'] });
});

test('export kube and import compose', () => {
  const exported = parseJsonOutput<{ objects: { kind: string }[] }>('export-kube', quadctl('export', 'kube', '-c', join(ROOT, 'examples', 'quadctl.ini'), '-o', '-').stdout);
  expect(exported.objects.map((o) => o.kind)).toContain('Deployment');
  writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: docker.io/library/nginx:1.27.3\n    ports: ["8080:80"]\n');
  expect(parseJsonOutput('import-compose', quadctl('import', 'compose', '-f', join(dir, 'compose.yaml'), '-o', '-').stdout)).toMatchObject({ written: true, dropped: [] });
});

test('history', () => {
  const h = parseJsonOutput<{ entries: unknown[] }>('history', quadctl('history').stdout);
  expect(h.entries).toEqual([expect.objectContaining({ unit: 'web.service', result: 'updated', to: expect.objectContaining({ image: 'localhost/web:1.0.1' }) })]);
});

test('hold, unhold and forget: the updater state by hand', () => {
  expect(parseJsonOutput('hold', quadctl('hold', 'web', '--reason', 'migration').stdout)).toMatchObject({ unit: 'web.service', held: true, reason: 'migration' });
  expect(parseJsonOutput('unhold', quadctl('unhold', 'web').stdout)).toMatchObject({ unit: 'web.service', held: false, released: { reason: 'migration' } });
  const never = quadctl('unhold', 'web');
  expect(never.status).toBe(1);
  expect(parseJsonOutput('unhold', never.stdout)).toMatchObject({ released: null });
  const bad = { digest: `sha256:${'d'.repeat(64)}`, image: 'localhost/api:1.0.2', reason: 'exited at once', entry: 't9', at: 5000 };
  writeFileSync(join(dir, 'resolved.json'), JSON.stringify({ v: 1, units: { 'api.service': { knownBad: [bad] } } }));
  expect(parseJsonOutput('forget', quadctl('forget', 'api').stdout)).toEqual({ schemaVersion: 1, unit: 'api.service', forgotten: [{ digest: bad.digest, image: bad.image, reason: bad.reason, entry: 't9', time: '1970-01-01T00:00:05Z' }] });
});

test('notify test: an exec target takes the message', () => {
  const ok = join(dir, 'ok.sh');
  writeFileSync(ok, '#!/bin/sh\ncat >/dev/null\n');
  chmodSync(ok, 0o755);
  writeFileSync(join(dir, 'notify.ini'), `[notify.ok]\nurl = exec:${ok}\n`);
  const r = quadctl('notify', 'test', '-c', join(dir, 'notify.ini'));
  expect(r.status).toBe(0);
  expect(parseJsonOutput('notify-test', r.stdout)).toEqual({ schemaVersion: 1, results: [expect.objectContaining({ target: 'ok', ok: true, messages: 1, attempts: 1 })] });
});
