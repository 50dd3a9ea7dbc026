// How Compose's rules come through: merging, profiles, include/extends errors,
// replicas, health waits, pods, image names, and values that must reach the
// container exactly as written (never a new line, key or argument).
import fc from 'fast-check';
import { ComposeError, importCompose } from '../../../src/compose';
import { splitWords } from '../../../src/unitfile';
import { load, unliteral } from '../config/support';
import { importText, memoryReader, values } from './support';

describe('merging several files', () => {
  const base = `
services:
  web:
    image: busybox:1
    command: ["httpd", "-f"]
    environment: [A=1, B=2]
    volumes: ["/srv/a:/a", "/srv/b:/b"]
    ports: ["80:80"]
`;
  const over = `
services:
  web:
    command: httpd -f -p 8080
    environment: {B: "3", C: "4"}
    volumes: ["/srv/other:/b"]
    ports: ["81:81"]
    cap_add: !reset []
`;
  const merged = (): string =>
    importCompose(memoryReader({ '/p/a.yaml': base, '/p/b.yaml': over }), { files: ['/p/a.yaml', '/p/b.yaml'], env: {}, healthWait: 'notify' }).text;

  test('maps merge by key, sequences append, volumes merge by target, command is replaced', () => {
    const text = merged();
    expect(values(text, 'container.p-web', 'Environment')).toEqual(['A=1', 'B=3', 'C=4']);
    expect(values(text, 'container.p-web', 'PublishPort')).toEqual(['80:80', '81:81']);
    expect(values(text, 'container.p-web', 'Volume')).toEqual(['/srv/a:/a', '/srv/other:/b']);
    expect(values(text, 'container.p-web', 'Exec')).toEqual(['["httpd","-f","-p","8080"]']);
  });
});

describe('profiles', () => {
  const compose = `
services:
  app: {image: busybox:1, depends_on: [debug]}
  debug: {image: busybox:1, profiles: [dev]}
  tools: {image: busybox:1, profiles: [ops]}
`;
  test('a service whose profile is not active is left out; a dependency on it is refused', () => {
    const r = importText(compose);
    expect(r.services).toEqual(['app']);
    expect(r.inactive).toEqual(['debug', 'tools']);
    expect(r.dropped.map((d) => `${d.path}: ${d.reason}`)).toEqual(['services.app.depends_on.debug: services.debug is in a profile that is not active (add --profile)']);
  });

  test('--profile (or COMPOSE_PROFILES) enables them', () => {
    expect(importText(compose, { profiles: ['dev'] }).services).toEqual(['app', 'debug']);
    expect(importText(compose, { env: { COMPOSE_PROFILES: 'dev,ops' } }).services).toEqual(['app', 'debug', 'tools']);
  });
});

describe('dependencies and health', () => {
  const compose = `
services:
  db:
    image: postgres:16
    healthcheck: {test: ["CMD", "pg_isready"], interval: 5s}
  app:
    image: busybox:1
    depends_on:
      db: {condition: service_healthy}
      cache: {condition: service_started, required: false}
  cache: {image: redis:7}
`;
  test('service_healthy: Notify=healthy on Podman 5; a health-check poll before it', () => {
    const notify = importText(compose).text;
    expect(values(notify, 'container.p-db', 'Notify')).toEqual(['healthy']);
    // systemd must wait as long as Podman may take to call it unhealthy: (5 s + 30 s timeout) × 3 retries, and a margin.
    expect(values(notify, 'container.p-db', 'Service.TimeoutStartSec')).toEqual(['135s']);
    expect(values(notify, 'container.p-app', 'Unit.Requires')).toEqual(['p-db.service']);
    expect(values(notify, 'container.p-app', 'Unit.Wants')).toEqual(['p-cache.service']);
    expect(values(notify, 'container.p-app', 'Unit.After')).toEqual(['p-db.service', 'p-cache.service']);
    const poll = importText(compose, { healthWait: 'poll' }).text;
    expect(values(poll, 'container.p-db', 'Notify')).toEqual([]);
    expect(values(poll, 'container.p-db', 'Service.ExecStartPost')).toEqual(['["/bin/sh","-c","until podman healthcheck run p-db-1 >/dev/null 2>&1; do sleep 1; done"]']);
  });

  test('waiting for a service whose health check is disabled is refused', () => {
    const r = importText(`
services:
  db: {image: postgres:16, healthcheck: {disable: true}}
  app: {image: busybox:1, depends_on: {db: {condition: service_healthy}}}
`);
    expect(r.dropped.map((d) => d.path)).toEqual(['services.app.depends_on.db.condition']);
  });
});

describe('replicas', () => {
  test('one section per replica, each with Compose\'s container name, and dependents need them all', () => {
    const r = importText(`
services:
  worker: {image: busybox:1, deploy: {replicas: 3}}
  api: {image: busybox:1, depends_on: [worker]}
`);
    expect(values(r.text, 'container.p-worker-2', 'ContainerName')).toEqual(['p-worker-2']);
    expect(values(r.text, 'container.p-api', 'Unit.Requires')).toEqual(['p-worker-1.service p-worker-2.service p-worker-3.service']);
  });

  test('a fixed container_name on several replicas is refused', () => {
    expect(importText('services: {w: {image: busybox:1, scale: 2, container_name: fixed}}').dropped.map((d) => d.path)).toEqual(['services.w.container_name']);
  });
});

describe('--pod', () => {
  test('ports, networks and host entries go to the pod; services find each other on its localhost', () => {
    const r = importText(
      `
services:
  web: {image: nginx:1, ports: ["8080:80"], extra_hosts: ["db.local:10.0.0.2"]}
  db: {image: postgres:16}
`,
      { pod: true },
    );
    expect(values(r.text, 'pod.p', 'PublishPort')).toEqual(['8080:80']);
    expect(values(r.text, 'pod.p', 'Network')).toEqual(['p-default']);
    expect(values(r.text, 'pod.p', 'AddHost')).toEqual(['web:127.0.0.1', 'db:127.0.0.1', 'db.local:10.0.0.2']);
    expect(values(r.text, 'container.p-web', 'Pod')).toEqual(['p']);
    expect(values(r.text, 'container.p-web', 'PublishPort')).toEqual([]);
    expect(load(r.text).units.map((u) => u.fileName)).toEqual(['p-default.network', 'p.pod', 'p-web.container', 'p-db.container']);
  });
});

describe('names', () => {
  test('short image names are Docker Hub\'s, as Compose means them', () => {
    const text = importText('services: {a: {image: nginx}, b: {image: "grafana/grafana:11"}, c: {image: "quay.io/x/y:1"}}').text;
    expect(values(text, 'container.p-a', 'Image')).toEqual(['docker.io/library/nginx']);
    expect(values(text, 'container.p-b', 'Image')).toEqual(['docker.io/grafana/grafana:11']);
    expect(values(text, 'container.p-c', 'Image')).toEqual(['quay.io/x/y:1']);
  });

  test('the project name: --project-name, else name:, else the folder, made lower case', () => {
    expect(importText('services: {a: {image: nginx}}').project).toBe('p');
    expect(importText('name: My.App\nservices: {a: {image: nginx}}').project).toBe('myapp');
    expect(importText('name: x\nservices: {a: {image: nginx}}', { projectName: 'Other' }).project).toBe('other');
  });

  test('volumes and networks keep Compose\'s Podman names, so existing data is used', () => {
    const text = importText('services: {a: {image: nginx, volumes: ["data:/d"], networks: [back]}}\nvolumes: {data: {}}\nnetworks: {back: {}}').text;
    expect(values(text, 'volume.p-data', 'VolumeName')).toEqual(['p_data']);
    expect(values(text, 'network.p-back', 'NetworkName')).toEqual(['p_back']);
  });
});

describe('errors name the file and line', () => {
  const problems = (fn: () => unknown): readonly string[] => {
    try {
      fn();
    } catch (e) {
      if (e instanceof ComposeError) return e.problems;
      return [(e as Error).message];
    }
    return [];
  };

  test('YAML syntax', () => {
    expect(problems(() => importText('services:\n  web:\n    image: [unclosed\n'))[0]).toMatch(/^\/p\/compose\.yaml:\d+: YAML: /);
  });

  test('a required variable', () => {
    expect(problems(() => importText('services:\n  web:\n    image: "${TAG:?set TAG}"\n'))).toEqual(['/p/compose.yaml:3: services.web.image: required variable TAG is missing: set TAG']);
  });

  test('include: redefining a service', () => {
    const r = problems(() => importText('include: [other.yaml]\nservices:\n  web: {image: nginx}\n', {}, { '/p/other.yaml': 'services:\n  web: {image: httpd}\n' }));
    expect(r).toEqual(['/p/compose.yaml:3: services.web is defined both here and in the included /p/other.yaml']);
  });

  test('extends: a cycle', () => {
    const r = problems(() => importText('services:\n  a: {image: x, extends: b}\n  b: {image: x, extends: a}\n'));
    expect(r[0]).toContain('circular');
  });

  test('a missing env_file, unless it is optional', () => {
    expect(problems(() => importText('services:\n  a: {image: x, env_file: [missing.env]}\n'))).toEqual([
      '/p/compose.yaml:2: services.a.env_file: /p/missing.env does not exist (mark it required: false if it is optional)',
    ]);
    expect(importText('services:\n  a: {image: x, env_file: [{path: missing.env, required: false}]}\n').dropped).toEqual([]);
  });

  test('an unset variable is reported with where it is used, and becomes empty', () => {
    const r = importText('services:\n  a: {image: x, environment: {V: "[${NOPE}]"}}\n');
    expect([...r.unset]).toEqual([['NOPE', 'services.a.environment.V']]);
    expect(values(r.text, 'container.p-a', 'Environment')).toEqual(['V=[]']);
  });
});

describe('values reach the container exactly', () => {
  // Whatever a compose file holds, the config quadctl reads back gives the
  // container the same words: no line, key or argument can be injected.
  const word = fc.string({ unit: fc.oneof(fc.constantFrom('$', '{', '}', '%', ';', '#', '"', "'", '\\', ' ', '\n', '\t', '[', '='), fc.string({ minLength: 1, maxLength: 1 })), minLength: 1 }).filter((s) => !s.includes('\u0000'));

  test('environment values and command words', () => {
    fc.assert(
      fc.property(word, fc.array(word, { minLength: 1, maxLength: 4 }), (value, command) => {
        const compose = JSON.stringify({ services: { a: { image: 'busybox:1', environment: { V: value.replace(/\$/g, '$$$$') }, command: command.map((w) => w.replace(/\$/g, '$$$$')) } } });
        const { text, dropped } = importText(compose);
        const unit = load(text).units.find((u) => u.name === 'p-a');
        const setting = (key: string): string => unit?.settings.find((s) => s.key === key)?.text ?? '';
        // %{X} is quadctl's way to write systemd's specifier %X, and it has no literal form: reported.
        const specifier = (w: string): boolean => /%\{[A-Za-z]\}/.test(w);
        // Both reach podman's command line, where systemd turns $$ and %% back into $ and %.
        if (specifier(value)) expect(dropped.map((d) => d.reason)).toContain('Environment can not hold this value: %{X} is read as a systemd specifier');
        else expect(splitWords(setting('Environment')).map(unliteral)).toEqual([`V=${value}`]);
        // A lone ; would end Quadlet's ExecStart: refused by the config, so reported as not carried over.
        if (command.includes(';') || command.some(specifier)) expect(dropped.map((d) => d.path)).toContain('services.a');
        else expect(splitWords(setting('Exec')).map(unliteral)).toEqual(command);
      }),
      { numRuns: 200 },
    );
  });
});

test('a variable named without a value takes the importing environment\'s value, or is left out', () => {
  const r = importText('services:\n  a: {image: x, environment: [FROM_SHELL, NOT_SET, PLAIN=1]}\n', { env: { FROM_SHELL: 'shell value' } });
  expect(values(r.text, 'container.p-a', 'Environment')).toEqual(['FROM_SHELL=shell value', 'PLAIN=1']);
});

test('replicas: 0 and a non-number are reported, not silently skipped', () => {
  const r = importText('services:\n  a: {image: x, deploy: {replicas: 0}}\n  b: {image: x, scale: "two", depends_on: [a]}\n');
  expect(r.dropped.map((d) => `${d.path}: ${d.reason}`)).toEqual([
    'services.a.deploy.replicas: no replicas: the service is not run, and nothing is written for it',
    'services.b.scale: "two" is not a number of replicas',
    'services.b.depends_on.a: services.a runs no replicas',
  ]);
});

test('in a pod, a container keeps no host name of its own', () => {
  expect(importText('services: {a: {image: x, hostname: web}}', { pod: true }).dropped.map((d) => d.path)).toEqual(['services.a.hostname']);
});

test('a service with neither image nor build is reported, and the rest still imports', () => {
  const r = importText('services:\n  a: {command: ["true"]}\n  b: {image: busybox:1}\n');
  expect(r.dropped.map((d) => d.path)).toEqual(['services.a', 'services.a']);
  expect(r.dropped[0].reason).toBe('has neither image: nor build:');
  expect(r.dropped[1].reason).toMatch(/^not written: /);
  expect(r.text).not.toContain('[container.p-a]');
  expect(r.text).toContain('[container.p-b]');
});
