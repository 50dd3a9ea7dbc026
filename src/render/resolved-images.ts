// Rendering config + updater state together (src/update/resolved.ts): a
// container renders the image the updater resolved within its policy, as long
// as the config still asks for what that was resolved from; otherwise the
// config's own image, and the old resolution is reported as superseded (apply
// then drops it from the state). Pure.
import { type Config, type ConfigUnit, type Setting, unitService } from '../config';
import { imageFor, type Requested, unitState, type UpdaterState } from '../update/resolved';

/** A container whose rendered image is not the config's, or whose resolution the config superseded. */
export interface ResolvedImage {
  service: string;
  section: string;
  requested: Requested;
  /** What is rendered. */
  image: string;
  /** true: the updater's choice is rendered; false: the config's image (superseded: the old choice is dropped). */
  resolved: boolean;
  superseded: boolean;
  /** The hold's reason, when the unit is held. */
  held?: string;
}

/** What the updater is asked for by a container: its Image and policy (labels say the same). */
export function requestOf(unit: ConfigUnit): Requested | undefined {
  const image = unit.settings.find((s) => s.group === 'Container' && s.key === 'Image')?.text;
  return image === undefined ? undefined : { image, policy: unit.update.policy ?? 'none' };
}

function withImage(unit: ConfigUnit, image: string): ConfigUnit {
  const settings = unit.settings.map((s): Setting => (s.group === 'Container' && s.key === 'Image' ? { ...s, text: image } : s));
  return { ...unit, settings };
}

export function withResolvedImages(config: Config, state: UpdaterState): { config: Config; images: ResolvedImage[] } {
  const images: ResolvedImage[] = [];
  const units = config.units.map((unit) => {
    const requested = unit.kind === 'container' ? requestOf(unit) : undefined;
    if (!requested) return unit;
    const service = unitService(unit);
    const choice = imageFor(state, service, requested);
    const hold = unitState(state, service).hold;
    if (choice.resolved || choice.superseded || hold) images.push({ service, section: unit.section, requested, image: choice.image, resolved: choice.resolved, superseded: choice.superseded, ...(hold ? { held: hold.reason } : {}) });
    return choice.resolved ? withImage(unit, choice.image) : unit;
  });
  return { config: { ...config, units }, images };
}

/** One line per container whose unit does not run the config's image, for diff, apply and generate. */
export function describeResolved(r: ResolvedImage): string {
  const hold = r.held ? `; held (${r.held})` : '';
  if (r.superseded) return `${r.service}: the config changed [${r.section}] Image or update.policy, so it runs ${r.requested.image} again (the updater's earlier choice is dropped)${hold}`;
  if (r.resolved) return `${r.service}: runs ${r.image}, resolved by quadctl update within update.policy = ${r.requested.policy} (the config says ${r.requested.image})${hold}`;
  return `${r.service}: runs ${r.image} as the config says${hold}`;
}

/** The `resolved` rows of `apply --json` and `diff --json` (docs/schemas). */
export function resolvedRows(images: readonly ResolvedImage[]): { service: string; image: string; config: string; policy: string; resolved: boolean; superseded: boolean; held: string | null }[] {
  return images.map((i) => ({ service: i.service, image: i.image, config: i.requested.image, policy: i.requested.policy, resolved: i.resolved, superseded: i.superseded, held: i.held ?? null }));
}
