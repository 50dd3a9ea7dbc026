import { parseWwwAuthenticate, preferredChallenge } from '../../../src/registry';

describe('WWW-Authenticate', () => {
  test('Docker Hub style Bearer challenge', () => {
    const header = 'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"';
    expect(parseWwwAuthenticate(header)).toEqual([
      { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull' } },
    ]);
  });

  test('quoted commas, escapes, spaces and unquoted values', () => {
    const header = 'Bearer realm = "https://a/t", scope="repository:a/b:pull,push", error=insufficient_scope, x="say \\"hi\\""';
    expect(parseWwwAuthenticate(header)[0].params).toEqual({ realm: 'https://a/t', scope: 'repository:a/b:pull,push', error: 'insufficient_scope', x: 'say "hi"' });
  });

  test('several challenges in one header; Bearer is preferred over Basic', () => {
    const challenges = parseWwwAuthenticate('Basic realm="basic-realm", Bearer realm="https://t/token",service="s"');
    expect(challenges.map((c) => c.scheme)).toEqual(['basic', 'bearer']);
    expect(preferredChallenge(challenges)?.scheme).toBe('bearer');
  });

  test('Basic alone is answered with Basic; a Bearer without realm is not usable', () => {
    expect(preferredChallenge(parseWwwAuthenticate('Basic realm="basic-realm"'))?.scheme).toBe('basic');
    expect(preferredChallenge(parseWwwAuthenticate('Bearer service="s"'))).toBeUndefined();
  });
});
