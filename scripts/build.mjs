// Bundles the two executables. The generator is built as CommonJS with no
// third-party code: systemd runs it on every daemon-reload, so start-up time is
// the product. The main CLI is ESM because yargs 18 ships only ESM.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: false, logLevel: 'warning' };

await Promise.all([
  build({ ...common, entryPoints: ['src/cli/generator.ts'], outfile: 'dist/quadctl-generator.cjs', format: 'cjs', minify: true }),
  build({
    ...common,
    entryPoints: ['src/cli/quadctl.ts'],
    outfile: 'dist/quadctl.mjs',
    format: 'esm',
    // dbus-next requires 'x11' (session-bus lookup from an X display) in code quadctl never
    // runs; it is not installed, so leave the require for run time instead of failing the bundle.
    external: ['x11'],
    // CommonJS dependencies (dbus-next, ini, handlebars) call require() on Node built-ins,
    // and write-file-atomic reads __filename: give the ESM bundle both (not __dirname:
    // yargs' ESM shim declares its own).
    banner: {
      js:
        "import { createRequire as __qcr } from 'node:module'; import { fileURLToPath as __qcf } from 'node:url'; " +
        "const require = __qcr(import.meta.url); const __filename = __qcf(import.meta.url);",
    },
  }),
]);
