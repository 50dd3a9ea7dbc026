import { historyTable, parseHistory, parseSince, planTable, buildPlan, discoverTargets, checkKey } from '../../../src/update';
import { dig, hex } from './support/fake-world';

const REPO = 'localhost:5000/demo/web';

test('history table: interrupted runs, rollbacks by hand and tag@digest columns read as such', () => {
  const begin = (txn: string, kind: string) =>
    JSON.stringify({ v: 1, type: 'begin', txn, at: Date.UTC(2026, 0, 31, 4), unit: 'web.service', container: 'web', kind, trigger: 'timer', policy: 'minor', from: { image: `${REPO}:1.2.0`, digest: dig('a'), imageId: hex('a'), dropIn: null }, to: { image: `${REPO}:1.3.0`, digest: dig('c'), imageId: '' }, pull: '', reason: 'r' });
  const end = (txn: string) => JSON.stringify({ v: 1, type: 'end', txn, at: Date.UTC(2026, 0, 31, 4, 0, 12), result: 'updated', reason: 'fine' });
  const table = historyTable(parseHistory([begin('t1', 'update'), begin('t2', 'rollback'), end('t2')].join('\n')).entries);
  const [header, first, second] = table.split('\n');
  expect(header.split(/\s{2,}/)).toEqual(['ID', 'TIME', 'UNIT', 'FROM', 'TO', 'RESULT', 'DURATION', 'REASON']);
  expect(first.split(/\s{2,}/)).toEqual(['t1', '2026-01-31T04:00:00Z', 'web.service', `1.2.0@${hex('a').slice(0, 12)}`, `1.3.0@${hex('c').slice(0, 12)}`, 'interrupted', '-', 'r']);
  expect(second).toMatch(/rolled-back \(by hand\)\s+12s\s+fine$/);
});

test('plan table shows current and candidate as tag@digest, and the reason', () => {
  const targets = discoverTargets(
    [{ id: 'c', name: 'web', imageName: `${REPO}:1.2.0`, imageId: hex('a'), labels: { PODMAN_SYSTEMD_UNIT: 'web.service', 'io.quadctl.policy': 'minor' }, state: 'running', pod: '', hasHealthcheck: false }],
    new Map([[hex('a'), { id: hex('a'), digest: dig('a'), repoTags: [], repoDigests: [] }]]),
  );
  const checks = new Map([[checkKey(`${REPO}:1.2.0`, 'minor'), { reference: `${REPO}:1.2.0`, policy: 'minor', currentDigest: dig('a'), candidateTag: '1.3.0', candidateDigest: dig('c') }]]);
  const line = planTable(buildPlan({ targets, checks, local: new Map(), trigger: 'manual' })).split('\n')[1];
  expect(line.split(/\s{2,}/)).toEqual(['web.service', 'web', REPO, 'minor', `1.2.0@${hex('a').slice(0, 12)}`, `1.3.0@${hex('c').slice(0, 12)}`, 'update', 'newer tag 1.3.0 (minor)']);
});

test.each([
  ['7d', Date.UTC(2026, 0, 24)],
  ['12h', Date.UTC(2026, 0, 30, 12)],
  ['90m', Date.UTC(2026, 0, 30, 22, 30)],
  ['2026-01-15T04:00:00Z', Date.UTC(2026, 0, 15, 4)],
  ['yesterday', null],
])('history --since %s', (text, expected) => {
  expect(parseSince(text, Date.UTC(2026, 0, 31))).toBe(expected);
});
