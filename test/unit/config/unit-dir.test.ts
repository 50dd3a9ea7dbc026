// apply's folder update: all files or none, only ever touching files quadctl
// wrote for the same config, and removing the ones the config no longer has.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyPlan, planDir, type DesiredFile } from '../../../src/adapters/fs/unit-dir';
import { MARKER_PREFIX } from '../../../src/render';

const SOURCE = '/etc/quadctl/quadctl.ini';
const unitText = (body: string, source = SOURCE): string => `# header\n${MARKER_PREFIX}${JSON.stringify(source)}\n[Service]\n${body}\n`;
const file = (name: string, body: string): DesiredFile => ({ name, content: unitText(body), service: name });

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'quadctl-dir-'));
});
afterEach(() => {
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

const listing = (): string[] => readdirSync(dir, { recursive: true }).map(String).sort();

test('a first apply writes every file and link; the same apply again changes nothing', async () => {
  const desired = [file('a.service', 'X=1'), file('b.service', 'X=2'), { name: 'multi-user.target.wants/a.service', link: '../a.service', service: 'a.service' }];
  const first = planDir(dir, desired, SOURCE);
  expect(first.add.map((f) => f.name)).toEqual(['a.service', 'b.service', 'multi-user.target.wants/a.service']);
  await applyPlan(first);
  expect(readFileSync(join(dir, 'b.service'), 'utf8')).toBe(unitText('X=2'));
  expect(readlinkSync(join(dir, 'multi-user.target.wants/a.service'))).toBe('../a.service');
  const again = planDir(dir, desired, SOURCE);
  expect({ add: again.add, change: again.change, remove: again.remove, keep: again.keep.length }).toEqual({ add: [], change: [], remove: [], keep: 3 });
  expect(listing()).toEqual(['a.service', 'b.service', 'multi-user.target.wants', 'multi-user.target.wants/a.service']);
});

test('files the config no longer has are removed, with their links; changed ones replaced', async () => {
  await applyPlan(planDir(dir, [file('a.service', 'X=1'), file('old.service', 'X=0'), { name: 'multi-user.target.wants/old.service', link: '../old.service', service: 'old.service' }], SOURCE));
  const plan = planDir(dir, [file('a.service', 'X=9')], SOURCE);
  expect(plan.change.map((f) => f.name)).toEqual(['a.service']);
  expect(plan.remove.map((f) => f.name).sort()).toEqual(['multi-user.target.wants/old.service', 'old.service']);
  await applyPlan(plan);
  expect(listing()).toEqual(['a.service', 'multi-user.target.wants']);
  expect(readFileSync(join(dir, 'a.service'), 'utf8')).toBe(unitText('X=9'));
});

test('files quadctl did not write, or wrote for another config, are never touched', async () => {
  writeFileSync(join(dir, 'handmade.service'), '[Service]\nExecStart=/bin/true\n');
  writeFileSync(join(dir, 'other.service'), unitText('X=other', '/etc/quadctl/other.ini'));
  mkdirSync(join(dir, 'multi-user.target.wants'));
  symlinkSync('../handmade.service', join(dir, 'multi-user.target.wants/handmade.service'));
  const plan = planDir(dir, [file('a.service', 'X=1')], SOURCE);
  expect(plan.remove).toEqual([]);
  await applyPlan(plan);
  expect(listing()).toEqual(['a.service', 'handmade.service', 'multi-user.target.wants', 'multi-user.target.wants/handmade.service', 'other.service']);
});

test('a foreign file in the way stops the update before anything is written', async () => {
  writeFileSync(join(dir, 'b.service'), '[Service]\nExecStart=/bin/mine\n');
  const plan = planDir(dir, [file('a.service', 'X=1'), file('b.service', 'X=2')], SOURCE);
  expect(plan.conflicts).toEqual(['b.service']);
  await expect(applyPlan(plan)).rejects.toThrow(/not written by quadctl/);
  expect(listing()).toEqual(['b.service']);
  expect(readFileSync(join(dir, 'b.service'), 'utf8')).toBe('[Service]\nExecStart=/bin/mine\n');
});

test('when a write fails, the folder is left exactly as it was', async () => {
  await applyPlan(planDir(dir, [file('a.service', 'X=1')], SOURCE));
  // A file in a link folder that can not be created makes the update fail half-way through its writes.
  writeFileSync(join(dir, 'multi-user.target.wants'), 'not a folder');
  const plan = planDir(dir, [file('a.service', 'X=2'), file('b.service', 'X=3'), { name: 'multi-user.target.wants/b.service', link: '../b.service', service: 'b.service' }], SOURCE);
  await expect(applyPlan(plan)).rejects.toThrow();
  expect(listing()).toEqual(['a.service', 'multi-user.target.wants']);
  expect(readFileSync(join(dir, 'a.service'), 'utf8')).toBe(unitText('X=1'));
  expect(existsSync(join(dir, 'b.service'))).toBe(false);
});

test('a removed Quadlet file names the service Quadlet made of it, so apply can stop that', async () => {
  const quadlet = (name: string, body: string): DesiredFile => ({ name, content: `${MARKER_PREFIX}${JSON.stringify(SOURCE)}\n${body}\n`, service: 'unused' });
  await applyPlan(
    planDir(dir, [quadlet('web.container', '[Container]\nImage=x'), quadlet('data.volume', '[Volume]'), quadlet('api.container', '[Container]\nImage=x\nServiceName=my-api'), quadlet('broken.pod', '[Pod\nbad')], SOURCE),
  );
  const plan = planDir(dir, [], SOURCE);
  expect(Object.fromEntries(plan.remove.map((f) => [f.name, f.service]))).toEqual({
    'web.container': 'web.service',
    'data.volume': 'data-volume.service',
    'api.container': 'my-api.service',
    'broken.pod': 'broken-pod.service',
  });
});
