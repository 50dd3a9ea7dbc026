// Replaced at build time by scripts/build.mjs (esbuild `define`) with package.json's version.
declare const QUADCTL_VERSION: string | undefined;

/** quadctl's version; "0.0.0-dev" when run from unbundled sources (tests). */
export const VERSION: string = typeof QUADCTL_VERSION === 'string' ? QUADCTL_VERSION : '0.0.0-dev';
