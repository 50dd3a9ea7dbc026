import type { SplitOptions } from '../../unitfile';

/** How Quadlet splits list values: systemd's rules, stopping at an empty word. */
export const QUADLET_SPLIT: SplitOptions = { stopAtEmptyWord: true };
