// Bounding the history: which entries a rotation keeps (pure), and the history
// file rotated on a real filesystem (a temp dir), appends racing with it.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HistoryFile } from '../../../src/adapters/history';
import { historyTable, parseHistory, planRecovery, rotateHistory, type HistoryRecord } from '../../../src/update';
import { dig, hex } from './support/fake-world';

const REPO = 'localhost:5000/demo/web';
const begin = (txn: string, at: number): HistoryRecord => ({
  v: 1,
  type: 'begin',
  txn,
  at,
  unit: 'web.service',
  container: 'web',
  kind: 'update',
  trigger: 'timer',
  policy: 'digest',
  from: { image: `${REPO}:1`, digest: dig('a'), imageId: hex('a'), dropIn: null },
  to: { image: `${REPO}:1`, digest: dig('b'), imageId: '' },
  pull: `${REPO}@${dig('b')}`,
  reason: 'new digest for tag 1',
});
const pulled = (txn: string, at: number): HistoryRecord => ({ v: 1, type: 'step', txn, at, step: 'pulled', imageId: hex('b') });
const end = (txn: string, at: number): HistoryRecord => ({ v: 1, type: 'end', txn, at, result: 'updated', reason: 'healthy' });
const skip = (txn: string, at: number): HistoryRecord => ({ v: 1, type: 'skip', txn, at, unit: 'db.service', container: 'db', image: 'x:1', policy: 'digest', trigger: 'timer', reason: 'skipped: registry error: boom' });

/** A finished update: begin, a step, end. */
const update = (txn: string, at: number): HistoryRecord[] => [begin(txn, at), pulled(txn, at + 1), end(txn, at + 2)];
const lines = (records: HistoryRecord[]): string => records.map((r) => `${JSON.stringify(r)}\n`).join('');
const ids = (text: string): string[] => parseHistory(text).entries.map((e) => e.id);

describe('rotation (which entries stay)', () => {
  const log = lines([...update('t1', 1000), skip('s2', 2000), ...update('t3', 3000), ...update('t4', 4000)]);

  test('keeps the newest N entries, each with all its records, and drops the oldest whole', () => {
    const rotated = rotateHistory(log, 2);
    expect(rotated).toMatchObject({ dropped: 2, kept: 2 });
    expect(rotated?.text).toBe(lines([...update('t3', 3000), ...update('t4', 4000)]));
  });

  test('`quadctl history` lists exactly the newest N rows it listed before', () => {
    const before = parseHistory(log).entries;
    const after = parseHistory(rotateHistory(log, 3)?.text ?? '').entries;
    expect(historyTable(after)).toBe(historyTable(before.slice(-3)));
  });

  test('records of one transaction interleaved with others (concurrent units) go with their entry', () => {
    const text = lines([begin('t1', 1000), begin('t2', 1001), pulled('t1', 1002), pulled('t2', 1003), end('t2', 1004), end('t1', 1005), ...update('t3', 2000)]);
    const rotated = rotateHistory(text, 2);
    expect(rotated?.text).toBe(lines([begin('t2', 1001), pulled('t2', 1003), end('t2', 1004), ...update('t3', 2000)]));
    expect(parseHistory(rotated?.text ?? '').entries.map((e) => [e.id, e.result, e.steps.length])).toEqual([['t2', 'updated', 1], ['t3', 'updated', 1]]);
  });

  test("each unit's newest successful and newest failed update outlive the limit: rollback and the known-bad guard still see them", () => {
    const forUnit = (records: HistoryRecord[], unit: string, container: string): HistoryRecord[] =>
      records.map((r) => (r.type === 'begin' ? { ...r, unit, container } : r));
    const failed = (txn: string, at: number): HistoryRecord[] => [begin(txn, at), { v: 1, type: 'end', txn, at: at + 1, result: 'rolled-back', reason: 'unhealthy' }];
    const text = lines([
      ...forUnit(update('db-old', 100), 'db.service', 'db'),
      ...forUnit(update('db-last', 200), 'db.service', 'db'),
      ...forUnit(failed('db-bad', 300), 'db.service', 'db'),
      ...update('w1', 1000),
      ...update('w2', 2000),
    ]);
    const rotated = rotateHistory(text, 1);
    expect(ids(rotated?.text ?? '')).toEqual(['db-last', 'db-bad', 'w2']);
    expect(rotated).toMatchObject({ dropped: 2, kept: 3 });
  });

  test('an interrupted transaction is kept however old: the next run must still finish it', () => {
    const text = lines([begin('cut', 500), pulled('cut', 501), ...update('t1', 1000), ...update('t2', 2000), ...update('t3', 3000)]);
    const rotated = rotateHistory(text, 1);
    expect(ids(rotated?.text ?? '')).toEqual(['cut', 't3']);
    expect(planRecovery(parseHistory(rotated?.text ?? '').entries).map((p) => [p.entry.id, p.phase])).toEqual([['cut', 'switch']]);
  });

  test('nothing to drop, or a limit of 0, leaves the log alone', () => {
    expect(rotateHistory(log, 4)).toBeNull();
    expect(rotateHistory(log, 0)).toBeNull();
    expect(rotateHistory('', 10)).toBeNull();
  });

  test('a torn line among the kept records stays where it was; one before the cut goes with the dropped', () => {
    const text = `${lines(update('t1', 1000))}{"v":1,"ty\n${lines(update('t2', 2000))}{"v":1,"type":"st\n${lines(update('t3', 3000))}`;
    const rotated = rotateHistory(text, 2)?.text ?? '';
    expect(rotated).toBe(`${lines(update('t2', 2000))}{"v":1,"type":"st\n${lines(update('t3', 3000))}`);
    expect(parseHistory(rotated).badLines).toEqual([{ line: 4, text: '{"v":1,"type":"st' }]);
  });
});

describe('rotating the history file', () => {
  const made: string[] = [];
  const dir = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'quadctl-rotate-'));
    made.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  test('replaces the file with the kept lines, keeps its mode, leaves no temporary file, and appends go on after it', async () => {
    const h = new HistoryFile(dir());
    for (let i = 1; i <= 5; i++) for (const r of update(`t${i}`, i * 1000)) await h.append(r);
    const mode = statSync(h.path).mode;
    expect(await h.rotate(2)).toBe(3);
    expect(readFileSync(h.path, 'utf8')).toBe(lines([...update('t4', 4000), ...update('t5', 5000)]));
    expect(statSync(h.path).mode).toBe(mode);
    expect(readdirSync(h.dir)).toEqual(['history.jsonl']);
    await h.append(skip('s6', 6000));
    expect((await h.read()).entries.map((e) => e.id)).toEqual(['t4', 't5', 's6']);
    expect(await h.rotate(2)).toBe(1);
    expect((await h.read()).entries.map((e) => e.id)).toEqual(['t5', 's6']);
  });

  test('a log within the limit, or no log at all, is not rewritten', async () => {
    const h = new HistoryFile(dir());
    expect(await h.rotate(10)).toBe(0);
    writeFileSync(h.path, lines(update('t1', 1000)));
    const inode = statSync(h.path).ino;
    expect(await h.rotate(10)).toBe(0);
    expect(statSync(h.path).ino).toBe(inode);
  });

  test('appends issued while a rotation runs are all in the rotated file, none lost with the replaced one', async () => {
    const h = new HistoryFile(dir());
    writeFileSync(h.path, lines(Array.from({ length: 300 }, (_, i) => update(`old${i}`, 1000 + i * 10)).flat()));
    const rotation = h.rotate(10);
    // Issued after the rotation started (and, from other HistoryFile objects of this process, the same).
    const others = [h, new HistoryFile(h.dir)];
    const appends = Array.from({ length: 40 }, (_, i) => others[i % 2].append(skip(`new${i}`, 100_000 + i)));
    await Promise.all([rotation, ...appends]);
    const kept = (await h.read()).entries.map((e) => e.id);
    expect(kept.filter((id) => id.startsWith('new'))).toHaveLength(40);
    expect(kept.filter((id) => id.startsWith('old'))).toEqual(Array.from({ length: 10 }, (_, i) => `old${290 + i}`));
  });
});
