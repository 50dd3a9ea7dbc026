// The adapter against a user manager (user@UID.service) for a test user created
// inside the sandbox. A user bus accepts only its own user, so the adapter runs
// inside, as that user: a small script bundled from the adapter's source.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describeE2E, startSandbox, type Sandbox, expectExit } from '../harness';

const USER = 'qtuser';
const SCRIPT = `
import { connectSystemd } from ${JSON.stringify(join(__dirname, '..', '..', 'src', 'adapters', 'systemd'))};
import { mkdirSync, writeFileSync } from 'node:fs';
(async () => {
  const dir = process.env.HOME + '/.config/systemd/user';
  mkdirSync(dir, { recursive: true });
  writeFileSync(dir + '/qt-ok.service', '[Service]\\nExecStart=/bin/sleep infinity\\n');
  writeFileSync(dir + '/qt-dies.service', '[Service]\\nExecStart=/bin/sh -c "exit 5"\\n');
  const sd = await connectSystemd({ scope: 'user' });
  await sd.reload();
  const ok = await sd.restartAndSettle('qt-ok.service', { windowMs: 1500 });
  const dies = await sd.restartAndSettle('qt-dies.service', { windowMs: 3000 });
  process.stdout.write(JSON.stringify({ address: sd.address, ok, dies }));
  sd.close();
})().catch((e) => { process.stderr.write(String(e && e.message)); process.exit(1); });
`;

describeE2E('systemd over D-Bus in a user manager (--user)', () => {
  let sb: Sandbox;
  let uid = 0;
  // Inside the checkout (shared with the sandbox); dist/ is build output, ignored by git.
  const bundle = join(__dirname, '..', '..', 'dist', `e2e-systemd-user-${process.pid}.cjs`);

  beforeAll(async () => {
    await build({ stdin: { contents: SCRIPT, resolveDir: __dirname, loader: 'ts' }, bundle: true, platform: 'node', format: 'cjs', external: ['x11'], outfile: bundle, logLevel: 'warning' });
    sb = await startSandbox({ registry: false, authRegistry: false });
    uid = (await sb.addUser(USER)).uid;
  }, 120_000);
  afterAll(async () => {
    rmSync(bundle, { force: true });
    await sb?.stop();
  });

  test('finds the user bus via XDG_RUNTIME_DIR; restart+settle judges user units like system ones', async () => {
    const r = await sb.exec(`cd /home/${USER} && runuser -u ${USER} -- env HOME=/home/${USER} XDG_RUNTIME_DIR=/run/user/${uid} node '${bundle}'`);
    expect(r.stderr).toBe('');
    expectExit(r, 0);
    const out = JSON.parse(r.stdout);
    expect(out.address).toBe(`unix:path=/run/user/${uid}/bus`);
    expect(out.ok).toMatchObject({ job: { result: 'done' }, healthy: true, settle: { verdict: 'healthy' } });
    expect(out.dies).toMatchObject({ job: { result: 'done' }, healthy: false, settle: { verdict: 'failed', reason: 'exited', state: { execMainStatus: 5 } } });
    // systemd's own account of that invocation, from the user's journal.
    expect(out.dies.settle.journal.join('\n')).toMatch(/qt-dies\.service: Main process exited, code=exited, status=5/);
  });

  test('the user bus of another user is refused with a clear error (root cannot borrow it)', async () => {
    const r = await sb.exec(`cd /tmp && env HOME=/root XDG_RUNTIME_DIR=/run/user/${uid} node '${bundle}'`);
    expectExit(r, 1);
    expect(r.stderr).toMatch(/cannot connect to the D-Bus bus at unix:path=\/run\/user\/\d+\/bus/);
  });
});
