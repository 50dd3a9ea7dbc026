/**
 * True when the image names its registry ("quay.io/x", "localhost/x", "host:5000/x"):
 * only then does Podman skip short-name resolution.
 */
export function isFullyQualifiedImage(image: string): boolean {
  const slash = image.indexOf('/');
  if (slash < 0) return false;
  const first = image.slice(0, slash);
  return first === 'localhost' || first.includes('.') || first.includes(':');
}
