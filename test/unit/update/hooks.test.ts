import { runUpdate, type EnginePorts, type RunOptions } from '../../../src/update';
import type { HookResult } from '../../../src/update/hooks';
import { redactOutput } from '../../../src/update/hooks';
import { dig, FakeWorld, hex, type Behaviour } from './support/fake-world';

const REPO = 'localhost:5000/demo/web';
const apply: RunOptions = { mode: 'apply', trigger: 'manual', concurrency: 1 };

function world(labels: Record<string, string>, next: Behaviour): FakeWorld {
  const w = new FakeWorld();
  const old = { id: hex('a'), digest: dig('a'), behaviour: 'healthy' as const };
  w.addImage(old, `${REPO}:1.2.0`);
  w.publish({ id: hex('b'), digest: dig('b'), behaviour: next }, `${REPO}:1.2.0`);
  w.addUnit({ name: 'web.service', container: 'web', image: `${REPO}:1.2.0`, labels: { 'io.quadctl.policy': 'digest', ...labels } });
  return w;
}

interface Call {
  command: string;
  env: Record<string, string>;
  timeoutMs: number;
}

function withHooks(w: FakeWorld, answers: Record<string, HookResult>): { ports: EnginePorts; calls: Call[] } {
  const calls: Call[] = [];
  const ports = { ...w.ports(), hooks: { run: async (command: string, env: Record<string, string>, timeoutMs: number) => {
    calls.push({ command, env, timeoutMs });
    return answers[command] ?? { ok: true, detail: 'exited 0', output: '' };
  } } };
  return { ports, calls };
}

const PRE = '/usr/local/bin/backup --db';
const POST = '/usr/local/bin/smoke';
const RB = '/usr/local/bin/page-me';

describe('update hooks', () => {
  test('pre and post hooks run around a healthy update, with the event in QUADCTL_* variables', async () => {
    const w = world({ 'io.quadctl.pre-hook': PRE, 'io.quadctl.post-hook': POST, 'io.quadctl.hook-timeout': '5s' }, 'healthy');
    const { ports, calls } = withHooks(w, { [PRE]: { ok: true, detail: 'exited 0', output: 'dumped 3 tables\n' } });
    const report = await runUpdate(ports, apply);
    expect(report.verdict).toBe('ok');
    expect(calls.map((c) => [c.command, c.env.QUADCTL_HOOK, c.timeoutMs])).toEqual([
      [PRE, 'pre', 5000],
      [POST, 'post', 5000],
    ]);
    expect(calls[0].env).toMatchObject({ QUADCTL_UNIT: 'web.service', QUADCTL_CONTAINER: 'web', QUADCTL_FROM_DIGEST: dig('a'), QUADCTL_TO_DIGEST: dig('b'), QUADCTL_TO_IMAGE: `${REPO}:1.2.0`, QUADCTL_RESULT: 'pending' });
    const [entry] = w.history();
    expect(entry.steps.map((s) => s.step)).toEqual(['pre-hook', 'pulled', 'switched', 'restarted', 'post-hook', 'verified']);
    expect(entry.steps[0].note).toBe(`pre-hook ${PRE}: exited 0\ndumped 3 tables`);
  });

  test('a failing pre-hook skips the update before the pull; its output is in history', async () => {
    const w = world({ 'io.quadctl.pre-hook': PRE }, 'healthy');
    const { ports } = withHooks(w, { [PRE]: { ok: false, detail: 'exited 3', output: 'disk full\n' } });
    const report = await runUpdate(ports, apply);
    expect(report.verdict).toBe('ok');
    expect(w.log.filter((l) => l.startsWith('pull') || l.startsWith('restart'))).toEqual([]);
    expect(w.running.get('web.service')).toBe(hex('a'));
    const [entry] = w.history();
    expect(entry).toMatchObject({ result: 'skipped', reason: 'pre-hook failed (exited 3), nothing changed' });
    expect(entry.steps[0].note).toMatch(/disk full/);
  });

  test('a failing post-hook is a failed health gate: rolled back, and the rollback-hook is told', async () => {
    const w = world({ 'io.quadctl.post-hook': POST, 'io.quadctl.rollback-hook': RB }, 'healthy');
    const { ports, calls } = withHooks(w, { [POST]: { ok: false, detail: 'exited 1', output: 'GET /login: 500\n' } });
    const report = await runUpdate(ports, apply);
    expect(report.verdict).toBe('rolled-back');
    expect(w.running.get('web.service')).toBe(hex('a'));
    const [entry] = w.history();
    expect(entry.reason).toMatch(/^post-hook failed \(exited 1\); back on/);
    expect(entry.steps.map((s) => s.step)).toEqual(['pulled', 'switched', 'restarted', 'post-hook', 'rollback-started', 'restored', 'rollback-restarted', 'rollback-verified', 'rollback-hook']);
    expect(calls.map((c) => [c.env.QUADCTL_HOOK, c.env.QUADCTL_RESULT])).toEqual([
      ['post', 'healthy'],
      ['rollback', 'rolled-back'],
    ]);
  });

  test('a hook command with a bad timeout label skips the unit with the problem named', async () => {
    const w = world({ 'io.quadctl.pre-hook': PRE, 'io.quadctl.hook-timeout': 'soon' }, 'healthy');
    const { ports, calls } = withHooks(w, {});
    const report = await runUpdate(ports, apply);
    expect(calls).toEqual([]);
    expect(report.plan[0].reason).toMatch(/io.quadctl.hook-timeout="soon" is not a duration/);
  });

  test('hook output is redacted before it is kept', () => {
    expect(redactOutput('PGPASSWORD=hunter2 db_token: abc curl https://bob:pw@x.example/ Authorization: Bearer xyz')).toBe('PGPASSWORD=*** db_token: *** curl https://***:***@x.example/ Authorization: ***');
  });
});
