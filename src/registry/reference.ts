/**
 * Image references, parsed and normalised the way Podman (containers/image,
 * via docker/distribution's reference grammar) does it:
 *
 *   [registry[:port]/]path[:tag][@digest]
 *
 * The first path component is a registry only if it contains a `.` or `:`, is
 * `localhost`, or has upper-case letters; otherwise the name is a *short name*
 * whose registry comes from registries.conf (see short-names.ts). `docker.io`
 * names with one component get `library/`, and `index.docker.io` is `docker.io`.
 */
import { isReferenceDigest } from './digest';

export interface ImageReference {
  /** Registry host as written in references: `docker.io`, `localhost:5000`. */
  registry: string;
  /** Repository path inside the registry: `library/nginx`, `demo/web`. */
  repository: string;
  tag?: string;
  digest?: string;
}

/** What a reference says before short-name resolution: the registry may be missing. */
export interface ParsedReference {
  registry?: string;
  repository: string;
  tag?: string;
  digest?: string;
}

export class InvalidReferenceError extends Error {
  constructor(
    readonly reference: string,
    reason: string,
  ) {
    super(`invalid image reference ${JSON.stringify(reference)}: ${reason}`);
    this.name = 'InvalidReferenceError';
  }
}

export const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_ALIASES = new Set(['index.docker.io']);
const DEFAULT_TAG = 'latest';
const MAX_NAME_LENGTH = 255;

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = new RegExp(`^${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?$`);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;

function looksLikeRegistry(component: string): boolean {
  return /[.:]/.test(component) || component === 'localhost' || component.toLowerCase() !== component;
}

function splitDigest(text: string, original: string): { rest: string; digest?: string } {
  const at = text.indexOf('@');
  if (at < 0) return { rest: text };
  const digest = text.slice(at + 1);
  if (!isReferenceDigest(digest)) throw new InvalidReferenceError(original, `digest ${JSON.stringify(digest)} is not sha256:<64 hex> or sha512:<128 hex>`);
  return { rest: text.slice(0, at), digest };
}

function splitTag(text: string, original: string): { name: string; tag?: string } {
  const colon = text.lastIndexOf(':');
  if (colon < 0 || colon < text.lastIndexOf('/')) return { name: text };
  const tag = text.slice(colon + 1);
  if (!TAG.test(tag)) throw new InvalidReferenceError(original, `tag ${JSON.stringify(tag)} is not valid (letters, digits, '_', '.', '-'; at most 128)`);
  return { name: text.slice(0, colon), tag };
}

function checkPath(path: string, original: string): void {
  for (const component of path.split('/')) {
    if (!PATH_COMPONENT.test(component)) {
      throw new InvalidReferenceError(original, `path component ${JSON.stringify(component)} must be lower-case letters and digits separated by '.', '_', '__' or '-'`);
    }
  }
}

/** Parses a reference without deciding a registry for short names. */
export function parseReference(text: string): ParsedReference {
  const original = text;
  const trimmed = text.trim();
  if (trimmed === '') throw new InvalidReferenceError(original, 'empty');
  if (trimmed !== text || /\s/.test(trimmed)) throw new InvalidReferenceError(original, 'contains white space');
  const { rest, digest } = splitDigest(trimmed, original);
  const { name, tag } = splitTag(rest, original);
  if (name.length > MAX_NAME_LENGTH) throw new InvalidReferenceError(original, `name longer than ${MAX_NAME_LENGTH} characters`);
  const slash = name.indexOf('/');
  const first = slash < 0 ? name : name.slice(0, slash);
  if (slash >= 0 && looksLikeRegistry(first)) {
    if (!DOMAIN.test(first)) throw new InvalidReferenceError(original, `registry ${JSON.stringify(first)} is not a valid host[:port]`);
    const registry = DOCKER_HUB_ALIASES.has(first) ? DOCKER_HUB : first;
    let repository = name.slice(slash + 1);
    checkPath(repository, original);
    if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;
    return { registry, repository, tag, digest };
  }
  checkPath(name, original);
  return { repository: name, tag, digest };
}

/** Adds Podman's default tag `latest` when neither a tag nor a digest was given. */
export function withDefaultTag<T extends ParsedReference>(ref: T): T {
  return ref.tag === undefined && ref.digest === undefined ? { ...ref, tag: DEFAULT_TAG } : ref;
}

/** Puts a repository path under a registry, applying docker.io's `library/` rule. */
export function qualifyUnder(registry: string, ref: ParsedReference): ImageReference {
  const host = DOCKER_HUB_ALIASES.has(registry) ? DOCKER_HUB : registry;
  const repository = host === DOCKER_HUB && !ref.repository.includes('/') ? `library/${ref.repository}` : ref.repository;
  return { registry: host, repository, tag: ref.tag, digest: ref.digest };
}

/** `registry/repository` — the name a registry prefix in registries.conf is matched against. */
export function repositoryName(ref: Pick<ImageReference, 'registry' | 'repository'>): string {
  return `${ref.registry}/${ref.repository}`;
}

export function formatReference(ref: ImageReference): string {
  return `${repositoryName(ref)}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}

/** The same repository with another tag (and no digest): what a candidate tag looks like. */
export function withTag(ref: ImageReference, tag: string): ImageReference {
  return { registry: ref.registry, repository: ref.repository, tag };
}
