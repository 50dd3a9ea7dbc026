// The pure heart of the generator: source units in, service units (or errors) out.
import type { UnitFile } from '../unitfile';
import { translateDependencies } from './common/dependencies';
import { checkSupportedKeys, checkSupportedType } from './common/keys';
import { withQuoteRule } from './common/lookups';
import { warnAmbiguousImage } from './image-short-name';
import { quadletLevel, type QuadletLevel } from './language';
import { describeUnit, KINDS, processedBefore } from './names';
import { moduleFor } from './registry';
import { sortLikeGo } from './unit-order';
import { QuadletError, type GeneratorOptions, type SourceUnit, type TranslateContext, type UnitInfo } from './types';

export interface Translated {
  readonly source: UnitInfo;
  /** The generated unit, or undefined when conversion failed. */
  readonly service?: UnitFile;
  /** Quadlet's message for a failed conversion ("converting ...: ..."). */
  readonly error?: string;
}

function buildContext(infos: readonly UnitInfo[], failed: ReadonlySet<string>, options: GeneratorOptions, level: QuadletLevel, warn: (m: string) => void): TranslateContext {
  const byName = new Map(infos.map((i) => [i.fileName, i]));
  return {
    options,
    level,
    unitInfo: (fileName) => byName.get(fileName),
    // Pods are translated after containers; a container that failed is not part of its pod.
    podMembers: (pod) => infos.filter((i) => i.kind === 'container' && !failed.has(i.fileName) && i.unit.lookup('Container', 'Pod') === pod),
    warn,
    failed: (fileName) => failed.has(fileName),
  };
}

/** A service name that systemd accepts and that stays inside the output folder. */
const SERVICE_NAME = /^[A-Za-z0-9:_.@\\-]+$/;

/** From 5.6 Quadlet warns about [Service] keys that break its units, and goes on. */
const UNSUPPORTED_SERVICE_KEYS = ['User', 'Group', 'DynamicUser'];

function warnUnsupportedServiceKeys(info: UnitInfo, ctx: TranslateContext): void {
  if (!ctx.level.has('service-user-warning')) return;
  for (const key of UNSUPPORTED_SERVICE_KEYS) {
    if (info.unit.hasKey('Service', key)) ctx.warn(`Warning: using key ${key} in the Service group is not supported - use at your own risk`);
  }
}

function translateOne(info: UnitInfo, ctx: TranslateContext): UnitFile {
  warnUnsupportedServiceKeys(info, ctx);
  warnAmbiguousImage(info, ctx);
  const module = moduleFor(info.kind);
  if (module === undefined) throw new QuadletError(`unsupported file type ${KINDS[info.kind].extension} (no translator)`);
  checkSupportedType(info.kind, ctx.level);
  module.firstCheck?.(info, ctx);
  // Quadlet 5.5 translated [Unit] dependencies before it checked the keys; from 5.6 the
  // keys come first (3f56de0199), and the translators translate dependencies as they start.
  if (ctx.level.has('translate-dependencies') && !ctx.level.has('shared-service-start')) translateDependencies(info.unit.clone(), ctx);
  checkSupportedKeys(info.unit, info.kind, info.path, ctx.level);
  const service = module.translate(info, ctx);
  // Checked last so that Quadlet's own errors keep their precedence.
  if (!SERVICE_NAME.test(info.serviceName) || info.serviceName.startsWith('.')) {
    throw new QuadletError(`invalid service name "${info.serviceName}"`);
  }
  return service;
}

/**
 * Translates every unit in Quadlet's order and hands each result to `onResult` as soon
 * as it is made, so a caller that writes it out need not keep every unit alive until
 * the last one is done; one unit's failure never affects another. `onResult` runs
 * under the run's quote rule, like the translation itself.
 */
export function translateEach(sources: readonly SourceUnit[], options: GeneratorOptions, warn: (m: string) => void, onResult: (t: Translated) => void): void {
  const level = options.level ?? quadletLevel();
  withQuoteRule(level.has('matched-quotes'), () => {
    const infos = sortLikeGo([...sources], processedBefore).map((s) => describeUnit(s, level));
    const failed = new Set<string>();
    const ctx = buildContext(infos, failed, options, level, warn);
    for (const source of infos) onResult(translateSource(source, ctx, failed));
  });
}

function translateSource(source: UnitInfo, ctx: TranslateContext, failed: Set<string>): Translated {
  try {
    return { source, service: translateOne(source, ctx) };
  } catch (e) {
    if (!(e instanceof QuadletError)) throw e;
    failed.add(source.fileName);
    return { source, error: `converting "${source.fileName}": ${e.message}` };
  }
}

/** Every unit's result, in Quadlet's order. */
export function translateAll(sources: readonly SourceUnit[], options: GeneratorOptions, warn: (m: string) => void): Translated[] {
  const results: Translated[] = [];
  translateEach(sources, options, warn, (t) => results.push(t));
  return results;
}
