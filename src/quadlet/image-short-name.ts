// Quadlet's warning for images named without their registry, shared by the
// .image and .volume translations (the .container one has its own copy of the text).
import { isFullyQualifiedImage } from './image-name';
import type { TranslateContext, UnitInfo } from './types';

/** An image ID ("sha256:<64 hex>" or bare 64 hex) names exactly one image: no short-name lookup. */
const IMAGE_ID = /^(sha256:)?[0-9a-f]{64}$/;

function isUnambiguousImage(image: string): boolean {
  return IMAGE_ID.test(image) || isFullyQualifiedImage(image);
}

export function warnShortName(info: UnitInfo, image: string, ctx: TranslateContext): void {
  if (isUnambiguousImage(image)) return;
  ctx.warn(
    `Warning: ${info.fileName} specifies the image "${image}" which not a fully qualified image name. ` +
      'This is not ideal for performance and security reasons. See the podman-pull manpage discussion of short-name-aliases.conf for details.',
  );
}
