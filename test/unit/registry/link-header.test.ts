import { nextPage } from '../../../src/adapters/registry/client';

describe('Link headers for tag pagination', () => {
  test('relative and absolute next links become a path; other relations are ignored', () => {
    expect(nextPage('</v2/a/b/tags/list?last=1.0.99&n=100>; rel="next"')).toBe('/v2/a/b/tags/list?last=1.0.99&n=100');
    expect(nextPage('<https://r.example/v2/a/tags/list?last=x>; rel=next')).toBe('/v2/a/tags/list?last=x');
    expect(nextPage('</v2/a/tags/list?last=a>; rel="prev", </v2/a/tags/list?last=z>; rel="next"')).toBe('/v2/a/tags/list?last=z');
    expect(nextPage('</v2/a/tags/list?last=a>; rel="prev"')).toBeUndefined();
    expect(nextPage(null)).toBeUndefined();
  });
});
