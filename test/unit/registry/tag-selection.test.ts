import { parsePolicy, selectTag } from '../../../src/registry';

const SERIES = ['1.2.0', '1.2.1', '1.3.0', '1.10.0', '2.0.0-rc.1', '2.0.0', '1.2.1-alpine'];
const pick = (current: string, policy: string, tags: string[] = SERIES, includePrerelease = false) =>
  selectTag(current, tags, parsePolicy(policy), { includePrerelease });

describe('semver tag selection over 1.2.0 1.2.1 1.3.0 1.10.0 2.0.0-rc.1 2.0.0 1.2.1-alpine', () => {
  test.each([
    ['1.2.0', 'digest', undefined],
    ['1.2.0', 'patch', '1.2.1'],
    ['1.2.0', 'minor', '1.10.0'],
    ['1.2.0', 'major', '2.0.0'],
    ['1.2.1', 'patch', undefined],
    ['1.3.0', 'minor', '1.10.0'],
    ['1.10.0', 'minor', undefined],
    ['1.10.0', 'major', '2.0.0'],
    ['2.0.0', 'major', undefined],
    ['1.2.0', '~1.3', '1.3.0'],
    ['1.2.0', '>=1.2.1 <1.3', '1.2.1'],
    ['1.2.0', '^1', '1.10.0'],
    ['1.2.0', '1.x', '1.10.0'],
    ['1.10.0', '<1.5', undefined],
  ])('from %s under %s → %s', (current, policy, expected) => {
    expect(pick(current, policy)).toBe(expected);
  });

  test('pre-releases are ignored unless asked for', () => {
    const tags = ['1.2.0', '2.0.0-rc.1'];
    expect(pick('1.2.0', 'major', tags)).toBeUndefined();
    expect(pick('1.2.0', 'major', tags, true)).toBe('2.0.0-rc.1');
    expect(pick('1.2.0', 'major', SERIES, true)).toBe('2.0.0');
  });

  test('a pre-release moves to its release under patch', () => {
    expect(pick('2.0.0-rc.1', 'patch')).toBe('2.0.0');
  });

  test('suffix families are kept apart', () => {
    const tags = [...SERIES, '1.2.2-alpine', '1.3.0-alpine', '1.3.0-bookworm'];
    expect(pick('1.2.1-alpine', 'patch', tags)).toBe('1.2.2-alpine');
    expect(pick('1.2.1-alpine', 'minor', tags)).toBe('1.3.0-alpine');
    expect(pick('1.2.1-alpine', 'major')).toBeUndefined();
    expect(pick('1.2.1', 'minor', tags)).toBe('1.10.0');
  });

  test('a v prefix is kept and required', () => {
    const tags = ['v1.2.0', 'v1.2.5', '1.2.9', 'v1.3.0'];
    expect(pick('v1.2.0', 'patch', tags)).toBe('v1.2.5');
    expect(pick('v1.2.0', 'minor', tags)).toBe('v1.3.0');
    expect(pick('1.2.0', 'patch', tags)).toBe('1.2.9');
  });

  test('two-part tags move among two-part tags; three-part never jumps to a floating two-part tag', () => {
    const tags = ['1.25', '1.26', '1.25.3', '1.25.4', '2.0'];
    expect(pick('1.25', 'minor', tags)).toBe('1.26');
    expect(pick('1.25', 'major', tags)).toBe('2.0');
    expect(pick('1.25', 'patch', tags)).toBeUndefined();
    expect(pick('1.25.3', 'major', tags)).toBe('1.25.4');
  });

  test('tags that are not versions are never candidates, nor current', () => {
    expect(pick('latest', 'major', ['latest', '1.0.0'])).toBeUndefined();
    expect(pick('1.0.0', 'major', ['latest', 'stable', '20240101', '1.0.0'])).toBeUndefined();
  });

  test('invalid policies are rejected with the accepted forms', () => {
    expect(() => parsePolicy('sometimes')).toThrow(/digest, patch, minor, major or a semver range/);
  });
});
