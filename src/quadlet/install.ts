// [Install] applied at generation time, as `systemctl enable` would: the
// symlinks that make other units want/require the generated service, and Alias=.
import { posix } from 'node:path';
import type { UnitFile } from '../unitfile';
import { lookupWords, QUADLET_STRV_SPLIT } from './common/split';

export interface InstallLink {
  /** Path of the symlink relative to the output directory. */
  readonly link: string;
  /** What it points to, relative to the link's own folder. */
  readonly target: string;
}

interface InstallPlan {
  readonly links: InstallLink[];
  /** Values refused because they would place a link outside the output directory. */
  readonly refused: string[];
}

/** A unit name: no path separators, nothing systemd would not load. */
const UNIT_NAME = /^[A-Za-z0-9:_.@\\-]+$/;

function isSafeRelative(path: string): boolean {
  return path !== '' && !posix.isAbsolute(path) && !path.split('/').some((seg) => seg === '..' || seg === '.' || seg === '');
}

function dependencyLinks(targets: string[], suffix: string, unitName: string, serviceFile: string, refused: string[]): InstallLink[] {
  return targets.flatMap((t) => {
    if (!UNIT_NAME.test(t)) {
      refused.push(t);
      return [];
    }
    return [{ link: `${t}${suffix}/${unitName}`, target: `../${serviceFile}` }];
  });
}

/**
 * The links for a generated service named `serviceName` (without ".service").
 * A template (name ending in "@") is wanted or required only through DefaultInstance=;
 * its Alias= links are made either way, as Quadlet makes them.
 * UpheldBy= makes links from Quadlet 5.5 on (`upheldBy`).
 */
export function installLinks(service: UnitFile, serviceName: string, upheldBy = true): InstallPlan {
  const serviceFile = `${serviceName}.service`;
  // Read like systemd's config_parse_strv: unit names keep their escapes (`dev-disk-by\x2dlabel-x.device`).
  const words = (key: string): string[] => lookupWords(service, 'Install', key, QUADLET_STRV_SPLIT);
  let unitName: string | undefined = serviceFile;
  if (serviceName.endsWith('@')) {
    const instance = service.lookupNonEmpty('Install', 'DefaultInstance');
    unitName = instance === undefined ? undefined : `${serviceName}${instance}.service`;
  }
  const refused: string[] = [];
  const aliases = words('Alias').flatMap((alias) => {
    if (!isSafeRelative(alias)) {
      refused.push(alias);
      return [];
    }
    const up = posix.relative(posix.dirname(alias), '.');
    return [{ link: alias, target: up === '' ? serviceFile : `${up}/${serviceFile}` }];
  });
  if (unitName === undefined) return { links: aliases, refused };
  return {
    links: [
      ...aliases,
      ...dependencyLinks(words('WantedBy'), '.wants', unitName, serviceFile, refused),
      ...dependencyLinks(words('RequiredBy'), '.requires', unitName, serviceFile, refused),
      ...(upheldBy ? dependencyLinks(words('UpheldBy'), '.upholds', unitName, serviceFile, refused) : []),
    ],
    refused,
  };
}
