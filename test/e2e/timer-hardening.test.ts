// The hardening in units/quadctl-update.service must not break what `quadctl
// update` asks of rootful Podman. Run Podman under exactly the sandboxing lines
// of the installed service (systemd-run -p …) against a real registry, with an
// image holding a setuid file (what RestrictSUIDSGID= would break).
import { describeE2E, type Sandbox, expectExit, useSandbox } from '../harness';

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

describeE2E('quadctl-update.service hardening vs Podman', () => {
  let sb: Sandbox;
  let image = '';
  let props = '';

  useSandbox({ registry: true, authRegistry: false }, async (started) => {
    sb = started;
    image = `${sb.registry.host}/qt/suid:1`;
    const build = await sb.exec(
      [
        'set -e',
        'R=$(mktemp -d)',
        'mkdir -p $R/bin && cp /bin/busybox $R/bin/busybox && ln -s busybox $R/bin/sh && ln -s busybox $R/bin/ls',
        'cp /bin/busybox $R/bin/suidbox && chmod 4755 $R/bin/suidbox',
        'tar -C $R -cf $R.tar .',
        `podman import --change 'CMD ["/bin/sh"]' $R.tar ${q(image)} >/dev/null`,
        `podman push -q ${q(image)}`,
        `podman rmi ${q(image)} >/dev/null`,
      ].join('\n'),
    );
    if (build.code !== 0) throw new Error(build.stderr);
    expect((await sb.quadctl(['timer', 'enable'])).code).toBe(0);
    // Every [Service] line of the installed unit except what is specific to running quadctl.
    const unit = (await sb.exec('cat /etc/systemd/system/quadctl-update.service')).stdout;
    const service = unit.slice(unit.indexOf('[Service]'));
    props = service
      .split('\n')
      .filter((l: string) => /^[A-Za-z]+=/.test(l) && !/^(Type|ExecStart|Environment|SyslogIdentifier|TimeoutStartSec)=/.test(l))
      .map((l: string) => `-p ${q(l)}`)
      .join(' ');
  });

  test('the service carries the hardening lines', () => {
    expect(props).toContain('NoNewPrivileges=yes');
    expect(props).toContain('RestrictAddressFamilies=');
  });

  test('podman pull (with a setuid file in the layer), inspect and run work under it', async () => {
    const run = (cmd: string) => sb.exec(`systemd-run --wait --pipe --quiet ${props} ${cmd}`);
    const pull = await run(`podman pull -q ${q(image)}`);
    expect(pull.stderr).not.toMatch(/operation not permitted/);
    expectExit(pull, 0);
    const inspect = await run(`podman image inspect --format '{{.Digest}}' ${q(image)}`);
    expectExit(inspect, 0);
    expect(inspect.stdout.trim()).toMatch(/^sha256:[0-9a-f]{64}$/);
    const ls = await run(`podman run --rm ${q(image)} ls -l /bin/suidbox`);
    expectExit(ls, 0);
    expect(ls.stdout).toMatch(/^-rws/);
  });

  test('the option left out on purpose would break it: RestrictSUIDSGID=yes fails the same pull', async () => {
    await sb.exec(`podman rmi -f ${q(image)}`);
    const pull = await sb.exec(`systemd-run --wait --pipe --quiet -p RestrictSUIDSGID=yes podman pull -q ${q(image)}`);
    expect(pull.code).not.toBe(0);
    expect(pull.stderr).toMatch(/suidbox: operation not permitted/);
  });
});
