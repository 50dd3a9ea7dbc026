// Quadlet's warning for images named without their registry. Quadlet gives it before it
// converts a unit (cmd/quadlet's main loop), so it is there even when the unit then fails,
// and it reads Image= of the types below however that unit goes on to use it.
import { trimQuotes } from './common/lookups';
import { isFullyQualifiedImage } from './image-name';
import type { TranslateContext, UnitInfo, UnitKind } from './types';

/** The group whose Image= is checked, by unit type. */
const CHECKED_GROUP: Partial<Record<UnitKind, string>> = { container: 'Container', volume: 'Volume', image: 'Image', artifact: 'Artifact' };

/** An image ID ("sha256:<64 hex>" or bare 64 hex) names exactly one image: no short-name lookup. */
const IMAGE_ID = /^(sha256:)?[0-9a-f]{64}$/;

function isUnambiguousImage(image: string): boolean {
  return IMAGE_ID.test(image) || isFullyQualifiedImage(image);
}

function warnShortName(info: UnitInfo, image: string, ctx: TranslateContext): void {
  if (isUnambiguousImage(image)) return;
  ctx.warn(
    `Warning: ${info.fileName} specifies the image "${image}" which not a fully qualified image name. ` +
      'This is not ideal for performance and security reasons. See the podman-pull manpage discussion of short-name-aliases.conf for details.',
  );
}

/** Warns when the unit's Image= (even an empty one) is a short name; .image/.build references are not names. */
export function warnAmbiguousImage(info: UnitInfo, ctx: TranslateContext): void {
  const group = CHECKED_GROUP[info.kind];
  const raw = group === undefined ? undefined : info.unit.lookup(group, 'Image');
  if (raw === undefined) return;
  const image = trimQuotes(raw);
  if (!image.endsWith('.image') && !image.endsWith('.build')) warnShortName(info, image, ctx);
}
