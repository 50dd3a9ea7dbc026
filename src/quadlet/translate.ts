// The pure heart of the generator: source units in, service units (or errors) out.
import type { UnitFile } from '../unitfile';
import { checkSupportedKeys } from './common/keys';
import { compareUnits, describeUnit, KINDS } from './names';
import { moduleFor } from './registry';
import { QuadletError, type GeneratorOptions, type SourceUnit, type TranslateContext, type UnitInfo } from './types';

export interface Translated {
  readonly source: UnitInfo;
  /** The generated unit, or undefined when conversion failed. */
  readonly service?: UnitFile;
  /** Quadlet's message for a failed conversion ("converting ...: ..."). */
  readonly error?: string;
}

function buildContext(infos: readonly UnitInfo[], failed: ReadonlySet<string>, options: GeneratorOptions, warn: (m: string) => void): TranslateContext {
  const byName = new Map(infos.map((i) => [i.fileName, i]));
  return {
    options,
    unitInfo: (fileName) => byName.get(fileName),
    // Pods are translated after containers; a container that failed is not part of its pod.
    podMembers: (pod) => infos.filter((i) => i.kind === 'container' && !failed.has(i.fileName) && i.unit.lookup('Container', 'Pod') === pod),
    warn,
    failed: (fileName) => failed.has(fileName),
  };
}

/** A service name that systemd accepts and that stays inside the output folder. */
const SERVICE_NAME = /^[A-Za-z0-9:_.@\\-]+$/;

function translateOne(info: UnitInfo, ctx: TranslateContext): UnitFile {
  const module = moduleFor(info.kind);
  if (module === undefined) throw new QuadletError(`unsupported file type ${KINDS[info.kind].extension} (no translator)`);
  checkSupportedKeys(info.unit, module.group, module.supportedKeys, info.path);
  const service = module.translate(info, ctx);
  // Checked last so that Quadlet's own errors keep their precedence.
  if (!SERVICE_NAME.test(info.serviceName) || info.serviceName.startsWith('.')) {
    throw new QuadletError(`invalid service name "${info.serviceName}"`);
  }
  return service;
}

/** Translates every unit in Quadlet's order; one unit's failure never affects another. */
export function translateAll(sources: readonly SourceUnit[], options: GeneratorOptions, warn: (m: string) => void): Translated[] {
  const infos = [...sources].sort(compareUnits).map(describeUnit);
  const failed = new Set<string>();
  const ctx = buildContext(infos, failed, options, warn);
  return infos.map((source) => {
    try {
      return { source, service: translateOne(source, ctx) };
    } catch (e) {
      if (!(e instanceof QuadletError)) throw e;
      failed.add(source.fileName);
      return { source, error: `converting "${source.fileName}": ${e.message}` };
    }
  });
}
