import { formatReference, InvalidReferenceError, parseReference, qualifyUnder, withDefaultTag } from '../../../src/registry';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('parseReference normalises like Podman', () => {
  test.each([
    ['docker.io/nginx', 'docker.io/library/nginx'],
    ['docker.io/nginx:1.27', 'docker.io/library/nginx:1.27'],
    ['index.docker.io/library/nginx:1', 'docker.io/library/nginx:1'],
    ['docker.io/grafana/grafana:11.0.0', 'docker.io/grafana/grafana:11.0.0'],
    ['quay.io/podman/stable:v5', 'quay.io/podman/stable:v5'],
    ['localhost/app', 'localhost/app'],
    ['localhost:5000/demo/web:1.0.0', 'localhost:5000/demo/web:1.0.0'],
    ['127.0.0.1:5000/demo/web', '127.0.0.1:5000/demo/web'],
    [`ghcr.io/org/app@${DIGEST}`, `ghcr.io/org/app@${DIGEST}`],
    [`ghcr.io/org/app:1.2.3@${DIGEST}`, `ghcr.io/org/app:1.2.3@${DIGEST}`],
    ['registry.example.com:8443/a/b/c:tag_1.x-y', 'registry.example.com:8443/a/b/c:tag_1.x-y'],
  ])('%s → %s', (input, expected) => {
    const parsed = parseReference(input);
    expect(parsed.registry).toBeDefined();
    expect(formatReference(qualifyUnder(parsed.registry ?? '', parsed))).toBe(expected);
  });

  test('a port in the registry is not mistaken for a tag', () => {
    expect(parseReference('localhost:5000/web')).toEqual({ registry: 'localhost:5000', repository: 'web', tag: undefined, digest: undefined });
  });

  test.each([
    ['nginx', { repository: 'nginx' }],
    ['nginx:1.27', { repository: 'nginx', tag: '1.27' }],
    ['library/nginx', { repository: 'library/nginx' }],
    ['grafana/grafana:11', { repository: 'grafana/grafana', tag: '11' }],
  ])('%s is a short name (no registry)', (input, expected) => {
    const parsed = parseReference(input);
    expect(parsed.registry).toBeUndefined();
    expect(parsed).toMatchObject(expected);
  });

  test('latest is the default tag only when there is neither tag nor digest', () => {
    expect(withDefaultTag(parseReference('quay.io/a/b')).tag).toBe('latest');
    expect(withDefaultTag(parseReference(`quay.io/a/b@${DIGEST}`)).tag).toBeUndefined();
  });

  test.each([
    ['', /empty/],
    ['Nginx', /lower-case/],
    ['quay.io/Org/app', /lower-case/],
    ['quay.io/a/b:', /tag/],
    ['quay.io/a/b:-bad', /tag/],
    ['quay.io/a/b@sha256:abc', /digest/],
    ['quay.io/a b', /white space/],
    ['quay.io//b', /path component/],
  ])('rejects %j', (input, reason) => {
    expect(() => parseReference(input)).toThrow(InvalidReferenceError);
    expect(() => parseReference(input)).toThrow(reason);
  });
});
