/**
 * A URL as `--verbose` may print it. Registries redirect blob GETs to storage URLs
 * signed in their query (X-Amz-Signature, X-Goog-Credential, sig=, token=): anyone who
 * reads a pasted log could fetch with them until they expire. The values of such
 * parameters are replaced; the rest of the URL stays, so a log still says where a
 * request went.
 */
const SECRET_PARAM = /sig|signature|token|credential|secret|key|auth|password/i;

export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  let changed = false;
  if (parsed.username || parsed.password) {
    parsed.username = 'redacted';
    parsed.password = '';
    changed = true;
  }
  for (const name of new Set(parsed.searchParams.keys())) {
    if (!SECRET_PARAM.test(name)) continue;
    parsed.searchParams.set(name, 'redacted');
    changed = true;
  }
  // Untouched URLs are printed as given, not as URL re-serialises them.
  return changed ? parsed.href : url;
}
