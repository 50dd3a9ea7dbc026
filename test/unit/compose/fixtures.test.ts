// Compose files in the shapes real projects publish (test/fixtures/compose, written
// for quadctl after the projects' own files): each is imported into exactly the
// config beside it (expected.ini; the fixture folder written as <FIXTURES>), that
// config is valid for Quadlet (Podman 5) and for systemd units on Podman 4.3.1, or
// the import is refused naming exactly the fields it can not carry over.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ComposeError, importCompose, type ImportOptions } from '../../../src/compose';
import { load, render } from '../config/support';
import { diskReader } from './support';

const DIR = join(__dirname, '..', '..', 'fixtures', 'compose');

interface Case {
  readonly name: string;
  readonly files: string[];
  readonly options?: Partial<ImportOptions>;
  readonly expected: string;
}

const CASES: Case[] = [
  { name: 'photos: .env paths and versions, env_file, disabled-false healthcheck, digest pins', files: ['photos/compose.yaml'], expected: 'photos/expected.ini' },
  { name: 'documents: two files merged, !override, command list, env_file', files: ['documents/docker-compose.yml', 'documents/docker-compose.override.yml'], expected: 'documents/expected.ini' },
  { name: 'forge: anchors, list environment, long ports/volumes, ipam, external network, service_healthy', files: ['forge/compose.yaml'], options: { env: { DB_PASS: 's3cret' } }, expected: 'forge/expected.ini' },
  { name: 'cloud: build, secrets, profiles, completed_successfully, resources', files: ['cloud/compose.yaml'], options: { profiles: ['backup'] }, expected: 'cloud/expected.ini' },
  { name: 'cloud in one pod, for Podman 4.3.1', files: ['cloud/compose.yaml'], options: { pod: true, healthWait: 'poll' }, expected: 'cloud/expected-pod.ini' },
  { name: 'layered: include, extends from a file, replicas, !reset, every interpolation form', files: ['layered/compose.yaml'], expected: 'layered/expected.ini' },
];

const fixturesPath = (text: string): string => text.split(DIR).join('<FIXTURES>');

function run(c: Case): string {
  const options: ImportOptions = { files: c.files.map((f) => join(DIR, f)), env: {}, healthWait: 'notify', ...c.options };
  return fixturesPath(importCompose(diskReader, options).text);
}

describe.each(CASES)('$name', (c) => {
  let text: string;
  beforeAll(() => {
    text = run(c);
    if (process.env.UPDATE_COMPOSE_FIXTURES) writeFileSync(join(DIR, c.expected), text);
  });

  test('imports into the expected config', () => {
    expect(text).toBe(readFileSync(join(DIR, c.expected), 'utf8'));
  });

  test('the config is valid for Quadlet on Podman 5 and for systemd units on Podman 4.3.1', () => {
    const config = load(text);
    expect(render(config, 'quadlet', '5.4.2').problems).toEqual([]);
    // Notify=healthy needs Podman 5; the poll form is what a 4.3.1 host gets.
    if (c.options?.healthWait === 'poll' || !text.includes('Notify = healthy')) expect(render(config, 'systemd', '4.3.1').problems).toEqual([]);
    expect(render(config, 'systemd', '5.4.2').problems).toEqual([]);
  });
});

function refusal(files: string[]): string[] {
  const r = importCompose(diskReader, { files: files.map((f) => join(DIR, f)), env: {}, healthWait: 'notify' });
  return r.dropped.map((d) => `${d.at ? `${d.at.line}: ` : ''}${d.path}: ${d.reason}`);
}

test('a Swarm-era stack: every field that can not be carried over, with its line and why', () => {
  expect(refusal(['refused/compose.yaml'])).toEqual([
    "5: services.web.links: legacy links: services reach each other by name on a shared network; use depends_on for order",
    '6: services.web.volumes_from: Quadlet has no --volumes-from; name the volumes in volumes: instead',
    "11: services.web.logging.options.max-file: Podman's log drivers have no max-file option",
    '15: services.web.deploy.placement: placement constraints choose a Swarm node; quadctl runs on this host',
    "17: services.web.deploy.update_config: rolling update settings are Swarm's; quadctl updates with update.* keys",
    '24: services.app.healthcheck.start_interval: Podman has no separate check interval during the start period',
  ]);
});

test('misspelt fields are refused by the Compose schema, each by path and line', () => {
  let error: unknown;
  try {
    importCompose(diskReader, { files: [join(DIR, 'typo/compose.yaml')], env: {}, healthWait: 'notify', display: (p) => p.split(`${DIR}/`).join('') });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ComposeError);
  expect((error as ComposeError).problems).toEqual([
    'typo/compose.yaml:4: services.web.restart_policy: is not a field of the Compose Specification',
    'typo/compose.yaml:11: services.web.deploy.resources.limits.memroy: is not a field of the Compose Specification',
    'typo/compose.yaml:7: services.web.ports.0.publshed: is not a field of the Compose Specification',
  ]);
});
