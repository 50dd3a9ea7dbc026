import { redactUrl } from '../../../src/cli/redact-url';

describe('--verbose URLs', () => {
  test('a signed storage URL keeps where it goes but not its signature or credential', () => {
    const signed = 'https://bucket.s3.amazonaws.com/docker/blobs/sha256/ab/data?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20261127&X-Amz-Date=20261127T000000Z&X-Amz-Expires=1200&X-Amz-Signature=deadbeef&X-Amz-Security-Token=tok';
    const shown = redactUrl(signed);
    expect(shown).toContain('https://bucket.s3.amazonaws.com/docker/blobs/sha256/ab/data?');
    expect(shown).toContain('X-Amz-Date=20261127T000000Z');
    for (const secret of ['deadbeef', 'AKIA', 'tok&', 'Token=tok']) expect(shown).not.toContain(secret);
    expect(shown).toMatch(/X-Amz-Signature=redacted/);
  });

  test('registry API URLs, paging included, are printed as given', () => {
    for (const url of ['https://registry.example/v2/app/tags/list?n=100&last=1.2.3', 'http://localhost:5000/v2/', 'https://auth.example/token?service=reg&scope=repository:app:pull']) {
      expect(redactUrl(url)).toBe(url);
    }
  });

  test('user information in a URL is not printed', () => {
    expect(redactUrl('https://alice:s3cret@registry.example/v2/')).toBe('https://redacted@registry.example/v2/');
  });

  test('what is not a URL is printed as it is', () => {
    expect(redactUrl('not a url')).toBe('not a url');
  });
});
