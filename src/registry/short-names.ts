/**
 * Short-name resolution (containers-registries.conf(5), "SHORT-NAME ALIASING"):
 * a reference without a registry becomes fully qualified through an alias, or
 * through `unqualified-search-registries` when exactly one is configured.
 * With several search registries Podman would try them in turn (or prompt);
 * a checker cannot know which one the running image came from, so that case
 * is an error that tells the user how to make the name unambiguous.
 */
import { type ImageReference, parseReference, qualifyUnder, withDefaultTag } from './reference';
import type { RegistriesConf } from './registries-conf';

export class ShortNameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShortNameError';
  }
}

interface ResolvedReference {
  reference: ImageReference;
  /** How the registry was found, for `--json` and messages. */
  via: 'qualified' | 'alias' | 'search-registry';
}

function sourcesText(conf: RegistriesConf): string {
  return conf.sources.length ? conf.sources.join(', ') : 'no registries.conf found';
}

/** Parses and fully qualifies `text`; adds the `latest` tag when it has neither tag nor digest. */
export function resolveReference(text: string, conf: RegistriesConf): ResolvedReference {
  const parsed = withDefaultTag(parseReference(text));
  if (parsed.registry !== undefined) {
    return { reference: qualifyUnder(parsed.registry, parsed), via: 'qualified' };
  }
  const alias = conf.aliases[parsed.repository];
  if (alias !== undefined) {
    const target = parseReference(alias);
    return { reference: qualifyUnder(target.registry ?? '', { ...parsed, repository: target.repository }), via: 'alias' };
  }
  const search = conf.unqualifiedSearchRegistries;
  if (search.length === 1) return { reference: qualifyUnder(search[0], parsed), via: 'search-registry' };
  if (search.length === 0) {
    throw new ShortNameError(
      `short name ${JSON.stringify(text)} has no registry: no alias matches it and no unqualified-search-registries are set (${sourcesText(conf)}); write the full name, e.g. docker.io/${qualifyUnder('docker.io', parsed).repository}`,
    );
  }
  const options = search.map((registry) => `${registry}/${qualifyUnder(registry, parsed).repository}`);
  throw new ShortNameError(
    `short name ${JSON.stringify(text)} is ambiguous: it could be ${options.join(' or ')} (unqualified-search-registries in ${sourcesText(conf)}); write the full name or add an [aliases] entry`,
  );
}
