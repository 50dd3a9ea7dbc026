// quadctl export kube's mapping (src/kube): every key is carried or listed, the
// bundled example and the e2e stack give objects the Kubernetes schemas accept,
// and the values land where a cluster and `podman kube play` read them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { type Config, loadConfig, UNIT_TYPES } from '../../../src/config';
import { buildExport, directoryFiles, type KubeObject, manifestFiles, streamText, validateObject } from '../../../src/kube';
import { CONTAINER_RULES } from '../../../src/kube/container-rules';
import { POD_RULES, VOLUME_RULES } from '../../../src/kube/section-rules';

const ROOT = join(__dirname, '..', '..', '..');
const ENV = { REGISTRY: 'registry.example:5000' };

function load(text: string, file = 'test.ini'): Config {
  const { config, issues } = loadConfig(text, { file, env: ENV });
  if (!config) throw new Error(issues.map((i) => `${i.line}: ${i.key ?? ''} ${i.message}`).join('\n'));
  return config;
}

function exportOf(text: string, opts: { podman?: boolean; units?: string[]; envFiles?: Map<string, Record<string, string>> } = {}) {
  const model = buildExport(load(text), { podman: opts.podman ?? false, units: opts.units ?? [], baseDir: '/srv/app' });
  const files = manifestFiles(model, { podman: opts.podman ?? false, envFiles: opts.envFiles ?? new Map() });
  return { model, files, objects: files.flatMap((f) => f.objects) };
}

const byKind = (objects: readonly KubeObject[], kind: string, name?: string): KubeObject => {
  const o = objects.find((x) => x.kind === kind && (name === undefined || x.metadata.name === name));
  if (!o) throw new Error(`no ${kind} ${name ?? ''}`);
  return o;
};

interface PodTemplate {
  metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
  spec: { containers: Record<string, unknown>[]; volumes?: Record<string, unknown>[]; hostNetwork?: boolean };
}
const template = (d: KubeObject): PodTemplate => (d.spec as { template: PodTemplate }).template;
const firstContainer = (d: KubeObject): Record<string, unknown> => template(d).spec.containers[0];

describe('every key is carried or listed with a reason', () => {
  test.each([
    ['container', CONTAINER_RULES],
    ['pod', POD_RULES],
    ['volume', VOLUME_RULES],
  ] as const)('%s keys all have a rule', (kind, rules) => {
    expect(Object.keys(UNIT_TYPES[kind].keys).filter((k) => rules[k] === undefined)).toEqual([]);
  });

  test('systemd keys and whole sections with no Kubernetes object are listed with line and reason', () => {
    const { model } = exportOf('[network.back]\n\n[container.a]\nImage = x.io/a:1\nNetwork = back\nUnit.After = b.service\nService.TimeoutStartSec = 5min\nRunInit = true\n');
    const listed = model.notCarried.map((n) => `${n.line} ${n.section} ${n.key ?? '-'}`);
    expect(listed).toEqual(expect.arrayContaining(['1 network.back -', '5 container.a Network', '6 container.a Unit.After', '7 container.a Service.TimeoutStartSec', '8 container.a RunInit']));
    expect(model.notCarried.every((n) => n.reason.length > 20)).toBe(true);
  });
});

describe('the bundled example and the e2e stack', () => {
  const example = readFileSync(join(ROOT, 'examples', 'quadctl.ini'), 'utf8');
  const stack = readFileSync(join(ROOT, 'test', 'fixtures', 'kube', 'stack.ini'), 'utf8');
  const envFiles = new Map([['api.env', { GREETING: 'hi' }]]);

  test.each([
    ['example', example, false],
    ['example --podman', example, true],
    ['stack', stack, false],
    ['stack --podman', stack, true],
  ])('%s: every object passes the Kubernetes schema and carries the labels', (_name, text, podman) => {
    const { objects, model } = exportOf(text, { podman, envFiles });
    expect(model.problems).toEqual([]);
    expect(objects.length).toBeGreaterThan(2);
    for (const o of objects) {
      expect(validateObject(o)).toEqual([]);
      expect((o.metadata.labels as Record<string, string>)['app.kubernetes.io/managed-by']).toBe('quadctl');
    }
    for (const d of objects.filter((o) => o.kind === 'Deployment')) expect(template(d).metadata.labels['app.kubernetes.io/name']).toBe(d.metadata.name);
  });

  test('a broken object is caught by the schema check', () => {
    const { objects } = exportOf(example);
    const d = byKind(objects, 'Deployment', 'web');
    const broken = { ...d, spec: { ...(d.spec as object), replicas: 'one' } };
    expect(validateObject(broken)).toEqual(['Deployment/web: /spec/replicas must be integer']);
  });

  test('the example: a Deployment per container outside a pod and per pod, Services, the claim', () => {
    const { files, objects } = exportOf(example);
    expect(files.map((f) => f.name)).toEqual(['container.web.yaml', 'pod.demo.yaml', 'volume.data.yaml']);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Deployment/web', 'Service/web', 'Deployment/demo', 'Service/demo', 'PersistentVolumeClaim/data']);
    expect(template(byKind(objects, 'Deployment', 'demo')).spec.containers.map((c) => c.name)).toEqual(['worker']);
    expect((byKind(objects, 'Service', 'demo').spec as { ports: unknown[] }).ports).toEqual([{ name: 'tcp-8081', port: 8081, targetPort: 8080, protocol: 'TCP' }]);
    expect(byKind(objects, 'PersistentVolumeClaim', 'data').metadata.labels).toMatchObject({ app: 'demo' });
  });

  test('output is deterministic: the same config gives the same bytes', () => {
    const a = exportOf(stack, { envFiles });
    const b = exportOf(stack, { envFiles });
    expect(streamText(a.files, '/c.ini')).toBe(streamText(b.files, '/c.ini'));
    const docs = parseAllDocuments(streamText(a.files, '/c.ini')).map((d) => d.toJS() as KubeObject);
    expect(docs).toEqual(a.objects);
  });
});

describe('mapping', () => {
  test('image, command, args, env, env file as ConfigMap, working dir', () => {
    const { objects } = exportOf('[container.a]\nImage = x.io/a:1\nEntrypoint = "[\\"/bin/sh\\", \\"-c\\"]"\nExec = ["echo $HOME", "100%"]\nEnvironment = B=2\nEnvironment = A=1 2\nEnvironmentFile = conf/a.env\nWorkingDir = /w\n', { envFiles: new Map([['conf/a.env', { K: 'v' }]]) });
    const c = firstContainer(byKind(objects, 'Deployment'));
    expect(c).toMatchObject({ image: 'x.io/a:1', command: ['/bin/sh', '-c'], args: ['echo $HOME', '100%'], env: [{ name: 'A', value: '1 2' }, { name: 'B', value: '2' }], workingDir: '/w', envFrom: [{ configMapRef: { name: 'a-a.env' } }] });
    expect(byKind(objects, 'ConfigMap')).toMatchObject({ metadata: { name: 'a-a.env' }, data: { K: 'v' } });
  });

  test('published ports: Service for a cluster, hostPort and hostIP (and no Service) for podman kube play', () => {
    const text = '[container.a]\nImage = x.io/a:1\nPublishPort = 127.0.0.1:8080:80\nPublishPort = 5353:53/udp\nExposeHostPort = 9000\n';
    const k8s = exportOf(text).objects;
    expect((byKind(k8s, 'Service').spec as { ports: unknown[] }).ports).toEqual([
      { name: 'udp-5353', port: 5353, targetPort: 53, protocol: 'UDP' },
      { name: 'tcp-8080', port: 8080, targetPort: 80, protocol: 'TCP' },
    ]);
    expect(firstContainer(byKind(k8s, 'Deployment')).ports).toEqual([{ containerPort: 80, protocol: 'TCP' }, { containerPort: 53, protocol: 'UDP' }, { containerPort: 9000, protocol: 'TCP' }]);
    const podman = exportOf(text, { podman: true }).objects;
    expect(podman.map((o) => o.kind)).toEqual(['Deployment']);
    expect(firstContainer(podman[0]).ports).toEqual([
      { containerPort: 80, protocol: 'TCP', hostPort: 8080, hostIP: '127.0.0.1' },
      { containerPort: 53, protocol: 'UDP', hostPort: 5353 },
      { containerPort: 9000, protocol: 'TCP' },
    ]);
  });

  test('a port range is listed, not guessed', () => {
    const { model } = exportOf('[container.a]\nImage = x.io/a:1\nPublishPort = 8000-8010:8000-8010\n');
    expect(model.notCarried).toEqual([expect.objectContaining({ key: 'PublishPort', line: 3, reason: expect.stringContaining('range') })]);
  });

  test('volumes: named → claim, bind → hostPath with a warning, tmpfs and ShmSize → memory emptyDir', () => {
    const { objects, model } = exportOf('[volume.data]\n\n[container.a]\nImage = x.io/a:1\nVolume = data:/d:ro,z\nVolume = cache:/c\nVolume = ./conf:/etc/a\nTmpfs = /run/x:size=64m\nShmSize = 128m\n');
    const d = byKind(objects, 'Deployment');
    expect(template(d).spec.volumes).toEqual([
      { name: 'cache', persistentVolumeClaim: { claimName: 'cache' } },
      { name: 'data', persistentVolumeClaim: { claimName: 'data', readOnly: true } },
      { name: 'host-srv-app-conf', hostPath: { path: '/srv/app/conf' } },
      { name: 'tmpfs-dev-shm', emptyDir: { medium: 'Memory', sizeLimit: '128Mi' } },
      { name: 'tmpfs-run-x', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
    ]);
    expect(objects.filter((o) => o.kind === 'PersistentVolumeClaim').map((o) => o.metadata.name)).toEqual(['cache', 'data']);
    expect(model.warnings).toEqual([expect.objectContaining({ key: 'Volume', line: 7, message: expect.stringContaining('hostPath') })]);
    expect(model.notCarried).toEqual([expect.objectContaining({ key: 'Volume', line: 5, reason: expect.stringContaining('z') })]);
  });

  test('security context, resources and pod-level settings', () => {
    const { objects, model } = exportOf('[container.a]\nImage = x.io/a:1\nUser = 1000:1000\nAddCapability = CAP_NET_ADMIN sys_time\nDropCapability = all\nReadOnly = true\nNoNewPrivileges = true\nPodmanArgs = --memory=1g --cpus 1.5 --privileged --init\nSysctl = net.ipv4.ip_forward=1\nStopTimeout = 20\nService.MemoryMax = 2G\nNetwork = host\n');
    const d = byKind(objects, 'Deployment');
    expect(firstContainer(d)).toMatchObject({
      securityContext: { runAsUser: 1000, runAsGroup: 1000, capabilities: { add: ['NET_ADMIN', 'SYS_TIME'], drop: ['ALL'] }, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: true },
      resources: { limits: { memory: '2Gi', cpu: '1500m' } },
    });
    expect(template(d).spec).toMatchObject({ hostNetwork: true, terminationGracePeriodSeconds: 20, securityContext: { sysctls: [{ name: 'net.ipv4.ip_forward', value: '1' }] } });
    expect(model.notCarried).toEqual([expect.objectContaining({ key: 'PodmanArgs', reason: expect.stringMatching(/^--init:/) })]);
  });

  test('a value with a systemd specifier is listed, not written with the specifier in it', () => {
    const { model, objects } = exportOf('[container.a]\nImage = x.io/a:1\nEnvironment = DIR=%{h}/data\nEnvironment = RATE=100%\nVolume = %{h}/data:/data\n');
    expect(model.notCarried.map((n) => `${n.line} ${n.key}`)).toEqual(['3 Environment', '5 Volume']);
    expect(firstContainer(byKind(objects, 'Deployment')).env).toEqual([{ name: 'RATE', value: '100%' }]);
  });

  test('a user name has no Kubernetes form: listed', () => {
    expect(exportOf('[container.a]\nImage = x.io/a:1\nUser = www-data\n').model.notCarried).toEqual([expect.objectContaining({ key: 'User', reason: expect.stringContaining('numeric') })]);
  });

  test('health checks → liveness and readiness; update.probe → readiness; startup command → startup probe', () => {
    const { objects } = exportOf('[container.a]\nImage = x.io/a:1\nHealthCmd = curl -f localhost\nHealthInterval = 1m30s\nHealthRetries = 5\nHealthStartPeriod = 500ms\nHealthStartupCmd = "[\\"/bin/true\\"]"\nupdate.probe = http://127.0.0.1:8080/ready?x=1\n');
    const c = firstContainer(byKind(objects, 'Deployment'));
    expect(c.livenessProbe).toEqual({ exec: { command: ['curl', '-f', 'localhost'] }, periodSeconds: 90, failureThreshold: 5, initialDelaySeconds: 1 });
    expect(c.readinessProbe).toEqual({ httpGet: { port: 8080, path: '/ready?x=1' } });
    expect(c.startupProbe).toEqual({ exec: { command: ['/bin/true'] } });
  });

  test.each([false, true])('a health command with shell syntax runs with /bin/sh -c (--podman %s: with a warning for Podman 4)', (podman) => {
    const { objects, model } = exportOf('[container.a]\nImage = x.io/a:1\nHealthCmd = test -f /ready || exit 1\n', { podman });
    expect(firstContainer(byKind(objects, 'Deployment')).livenessProbe).toEqual({ exec: { command: ['/bin/sh', '-c', 'test -f /ready || exit 1'] } });
    expect(model.warnings.map((w) => w.key)).toEqual(podman ? ['HealthCmd'] : []);
  });

  test('a health timing without its command is listed', () => {
    expect(exportOf('[container.a]\nImage = x.io/a:1\nHealthInterval = 5s\n').model.notCarried).toEqual([expect.objectContaining({ key: 'HealthInterval', reason: expect.stringContaining('HealthCmd') })]);
  });

  test.each([
    ['patch', { 'keel.sh/policy': 'patch', 'keel.sh/trigger': 'poll' }],
    ['major', { 'keel.sh/policy': 'major', 'keel.sh/trigger': 'poll' }],
    ['digest', { 'keel.sh/policy': 'force', 'keel.sh/match-tag': 'true', 'keel.sh/trigger': 'poll' }],
  ])('update.policy = %s → Keel annotations, Podman auto-update annotation', (policy, keel) => {
    const d = byKind(exportOf(`[container.a]\nImage = x.io/a:1\nupdate.policy = ${policy}\nupdate.settle = 1m\n`).objects, 'Deployment');
    expect(d.metadata.annotations).toEqual(keel);
    expect(template(d).metadata.annotations).toEqual({ 'io.containers.autoupdate/a': 'registry' });
    expect((d.spec as { minReadySeconds: number }).minReadySeconds).toBe(60);
    // quadctl's own updater labels are carried as the policy, not as pod labels.
    expect(Object.keys(template(d).metadata.labels).filter((k) => k.startsWith('io.quadctl'))).toEqual([]);
  });

  test('a semver range has no Keel policy: listed with the line', () => {
    const { model, objects } = exportOf('[container.a]\nImage = x.io/a:1\nupdate.policy = ~1.4\n');
    expect(model.notCarried).toEqual([expect.objectContaining({ key: 'update.policy', line: 3, reason: expect.stringContaining('Keel has no semver ranges') })]);
    expect(byKind(objects, 'Deployment').metadata.annotations).toBeUndefined();
  });

  test('secrets: env → secretKeyRef, mount → secret volume at /run/secrets, with a warning to create them', () => {
    const { objects, model } = exportOf('[container.a]\nImage = x.io/a:1\nSecret = db_pass,type=env,target=DB_PASSWORD\nSecret = tls\n');
    const d = byKind(objects, 'Deployment');
    expect(firstContainer(d)).toMatchObject({
      env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-pass', key: 'db_pass' } } }],
      volumeMounts: [{ name: 'secret-tls', mountPath: '/run/secrets/tls', subPath: 'tls', readOnly: true }],
    });
    expect(model.warnings).toHaveLength(2);
  });

  test('--podman: a secret mount is listed (kube play has no Secret volumes), a secret in env is carried', () => {
    const { objects, model } = exportOf('[container.a]\nImage = x.io/a:1\nSecret = db_pass,type=env\nSecret = tls\n', { podman: true });
    expect(firstContainer(byKind(objects, 'Deployment')).volumeMounts).toBeUndefined();
    expect(model.notCarried).toEqual([expect.objectContaining({ key: 'Secret', line: 4, reason: expect.stringContaining('no Secret volumes') })]);
  });

  test('labels that Kubernetes refuses as labels become annotations; Annotation stays one', () => {
    const d = byKind(exportOf('[container.a]\nImage = x.io/a:1\nLabel = tier=web\nLabel = note=has spaces\nAnnotation = a.b/c=d\n').objects, 'Deployment');
    expect(template(d).metadata.labels).toMatchObject({ tier: 'web' });
    expect(template(d).metadata.annotations).toEqual({ note: 'has spaces', 'a.b/c': 'd' });
  });

  test('an image unit reference is the image it pulls', () => {
    const c = firstContainer(byKind(exportOf('[image.base]\nImage = x.io/base:2\n\n[container.a]\nImage = base\n').objects, 'Deployment'));
    expect(c.image).toBe('x.io/base:2');
  });

  test('names become DNS labels; two sections that would share one are an error', () => {
    expect(exportOf('[container.Web_1]\nImage = x.io/a:1\n').objects[0].metadata.name).toBe('web-1');
    expect(exportOf('[container.a_b]\nImage = x.io/a:1\n\n[container.a.b]\nImage = x.io/a:1\n').model.problems).toEqual(['[container.a_b] and [container.a.b] would both be the Deployment a-b: rename one']);
  });
});

describe('--unit and --podman', () => {
  const example = readFileSync(join(ROOT, 'examples', 'quadctl.ini'), 'utf8');

  test('--unit worker brings its pod and the claim it mounts, nothing else', () => {
    const { objects } = exportOf(example, { units: ['worker'] });
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Deployment/demo', 'Service/demo', 'PersistentVolumeClaim/data']);
  });

  test('--unit with an unknown name is a problem', () => {
    expect(exportOf(example, { units: ['nope'] }).model.problems).toEqual([expect.stringContaining('--unit nope')]);
  });

  test('--podman: a .kube unit per workload, named after its service, Yaml= naming its file', () => {
    const { files } = exportOf(example, { podman: true });
    const out = directoryFiles(files, '/etc/quadctl/quadctl.ini', true);
    expect(out.map((f) => f.name)).toEqual(['container.web.yaml', 'demo-pod.kube', 'pod.demo.yaml', 'volume.data.yaml', 'web.kube']);
    const web = out.find((f) => f.name === 'web.kube')?.content ?? '';
    expect(web).toContain('# quadctl-managed: source="/etc/quadctl/quadctl.ini#export-kube"');
    expect(web).toContain('[Unit]\nDescription=Demo web server\n\n[Kube]\nYaml=container.web.yaml\n\n[Install]\nWantedBy=multi-user.target\n');
    const yaml = out.find((f) => f.name === 'container.web.yaml')?.content ?? '';
    expect(yaml.startsWith('# ')).toBe(true);
    expect(parse(yaml.split('---\n')[1])).toMatchObject({ kind: 'Deployment' });
  });
});

describe('keys Quadlet 5.5-5.8 added', () => {
  test('Memory= becomes the container memory limit; reload and retry keys are listed as not carried', () => {
    const { model } = exportOf('[container.a]\nImage = x.io/a:1\nMemory = 512m\nReloadSignal = SIGHUP\nRetry = 3\n');
    expect(JSON.stringify(model)).toContain('"memory":"512Mi"');
    expect(model.notCarried.map((n) => n.key)).toEqual(expect.arrayContaining(['ReloadSignal', 'Retry']));
  });
});
