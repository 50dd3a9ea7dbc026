// quadctl import compose, end to end: a Compose project (stand-in images from
// the sandbox registry, its registry named in .env) is imported, validated and
// applied with --now. Its services answer on their published ports, a one-shot
// setup service ran to completion before the service that needs its data, and
// the service that depends on a healthy database was started only once the
// database's health check passed (Notify=healthy on Podman 5, the health-check
// poll the importer writes for older Podman).
import { currentSystem, describeE2E, IMAGES, testOn, type Sandbox, expectExit, useSandbox } from '../harness';

const COMPOSE = `
name: stack
services:
  db:
    image: \${REGISTRY}/e2e/db:1
    healthcheck:
      test: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1"]
      interval: 1s
      timeout: 2s
      retries: 3
      start_period: 30s
  init:
    image: \${REGISTRY}/e2e/api:1
    command: ["/bin/sh", "-c", "echo prepared by init > /data/ready"]
    volumes:
      - data:/data
  api:
    image: \${REGISTRY}/e2e/api:1
    ports:
      - "8080:8080"
    volumes:
      - type: volume
        source: data
        target: /www/shared
        read_only: true
    environment:
      GREETING: \${GREETING:-hello}
    depends_on:
      db:
        condition: service_healthy
      init:
        condition: service_completed_successfully
    restart: on-failure
    init: true
  front:
    image: \${REGISTRY}/e2e/front:1
    ports:
      - target: 8080
        published: 8081
        host_ip: 127.0.0.1
    depends_on: [api]
volumes:
  data:
`;

const SLOW_SECONDS = 4;
const UNITS = ['stack-db.service', 'stack-init.service', 'stack-api.service', 'stack-front.service'];

describeE2E('quadctl import compose: the imported stack runs', () => {
  let sb: Sandbox;
  const monotonic = async (unit: string, prop: string): Promise<number> => Number((await sb.check(`systemctl show -p ${prop} --value ${unit}`)).trim());

  useSandbox({ registry: true, authRegistry: false }, async (started) => {
    sb = started;
    await sb.pushImage('e2e/db', '1', IMAGES.slowStartAfter(SLOW_SECONDS, 'db'));
    await sb.pushImage('e2e/api', '1', IMAGES.web('api'));
    await sb.pushImage('e2e/front', '1', IMAGES.web('front'));
    await sb.writeFile('/srv/stack/compose.yaml', COMPOSE);
    await sb.writeFile('/srv/stack/.env', `REGISTRY=${sb.registry.host}\n`);
  });

  test('import, validate and apply --now: services start in dependency order and answer', async () => {
    const imported = await sb.quadctl(['import', 'compose', '-f', '/srv/stack/compose.yaml', '-o', '/etc/quadctl/stack.ini']);
    expect(imported.stderr).toContain('wrote /etc/quadctl/stack.ini: project stack, 4 services');
    expectExit(imported, 0);
    const valid = await sb.quadctl(['validate', '-c', '/etc/quadctl/stack.ini']);
    expectExit(valid, 0);
    // The importer asked the sandbox's Podman how a unit can wait for health.
    const config = await sb.readFile('/etc/quadctl/stack.ini');
    const podman5 = Number(currentSystem().podman.split('.')[0]) >= 5;
    expect(config.includes('Notify = healthy')).toBe(podman5);
    expect(config.includes('podman healthcheck run stack-db-1')).toBe(!podman5);

    const applied = await sb.quadctl(['apply', '-c', '/etc/quadctl/stack.ini', '--now', '--json'], { timeoutMs: 300_000 });
    if (applied.code !== 0) throw new Error(`apply exited ${applied.code}\n${applied.stdout}\n${applied.stderr}`);
    for (const u of UNITS) await sb.waitForUnit(u, 'active', 60_000);
    expect((await sb.httpGet('http://127.0.0.1:8080/')).trim()).toBe('api');
    expect((await sb.httpGet('http://127.0.0.1:8081/')).trim()).toBe('front');
    // The one-shot service wrote into the shared volume before api started.
    expect((await sb.httpGet('http://127.0.0.1:8080/shared/ready')).trim()).toBe('prepared by init');
    expect((await sb.check('systemctl show -p SubState --value stack-init.service')).trim()).toBe('exited');

    // service_healthy: db's unit became active only once its health check passed
    // (the image serves after SLOW_SECONDS), and api's container started after that.
    const dbStarted = await monotonic('stack-db.service', 'InactiveExitTimestampMonotonic');
    const dbActive = await monotonic('stack-db.service', 'ActiveEnterTimestampMonotonic');
    const apiStarted = await monotonic('stack-api.service', 'InactiveExitTimestampMonotonic');
    const frontStarted = await monotonic('stack-front.service', 'InactiveExitTimestampMonotonic');
    const apiActive = await monotonic('stack-api.service', 'ActiveEnterTimestampMonotonic');
    expect(dbActive - dbStarted).toBeGreaterThanOrEqual(SLOW_SECONDS * 1_000_000);
    expect(apiStarted).toBeGreaterThanOrEqual(dbActive);
    expect(frontStarted).toBeGreaterThanOrEqual(apiActive);
    expect((await sb.check('podman inspect --format "{{.Name}}" stack-db-1')).trim()).toBe('stack-db-1');
  }, 420_000);

  testOn(['trixie', 'forky'], "Podman 4.3.1's CNI networks resolve names only with the dnsname plugin, which Debian 12 does not install with podman")(
    'services find each other by service name on the project network',
    async () => {
      const r = await sb.exec('podman exec stack-front-1 wget -q -O - http://api:8080/');
      expect(r.stdout.trim()).toBe('api');
    },
    60_000,
  );
});
