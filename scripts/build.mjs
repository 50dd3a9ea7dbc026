// Bundles the two executables. The generator is built as CommonJS with no
// third-party code: systemd runs it on every daemon-reload, so start-up time is
// the product; beside it, the small script its writer thread runs for large runs
// (src/adapters/generator/unit-writer.ts). The main CLI is ESM because yargs 18 ships only ESM.
import { build } from 'esbuild';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

// The version is compiled in: an installed quadctl runs from anywhere, where looking
// for package.json from the working directory finds someone else's (or none).
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  logLevel: 'warning',
  define: { QUADCTL_VERSION: JSON.stringify(version) },
};

// src/compose/schema-validator.ts compiles the Compose schema when quadctl runs, which
// costs Ajv most of a second: compile it here, with the same options, into code.
const composeValidator = {
  name: 'compose-schema-precompiled',
  setup(b) {
    b.onLoad({ filter: /src\/compose\/schema-validator\.ts$/ }, () => {
      const schema = JSON.parse(readFileSync('node_modules/dclint/schemas/compose.schema.json', 'utf8'));
      const options = JSON.parse(readFileSync('src/compose/schema-options.json', 'utf8'));
      const ajv = new Ajv({ ...options, code: { source: true, esm: true } });
      const code = standaloneCode(ajv, ajv.compile(schema));
      return { contents: `${code}\nexport function compileValidator() { return validate; }\n`, loader: 'js', resolveDir: 'src/compose' };
    });
  },
};

// An ES module's `import … from 'node:http'` makes Node build the module's ESM face,
// which reads every export, and on Node 22+ that includes http's lazy WebSocket getter:
// it loads Node's bundled undici (fetch): ~4 MiB of an update run's memory on Node 24,
// for a client quadctl never uses. Required through CommonJS, no getter runs.
const httpByRequire = {
  name: 'http-by-require',
  setup(b) {
    b.onResolve({ filter: /^node:https?$/ }, (args) =>
      args.namespace === 'http-by-require' ? { path: args.path, external: true } : { path: args.path, namespace: 'http-by-require' },
    );
    b.onLoad({ filter: /.*/, namespace: 'http-by-require' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
  },
};

const [, , , cli] = await Promise.all([
  build({ ...common, entryPoints: ['src/cli/generator.ts'], outfile: 'dist/quadctl-generator.cjs', format: 'cjs', minify: true }),
  build({ ...common, entryPoints: ['src/adapters/generator/writer-thread.ts'], outfile: 'dist/quadctl-generator-writer.cjs', format: 'cjs', minify: true }),
  // Required by bin/quadctl before the CLI loads: an update run's V8 flags (src/cli/update-runtime.ts).
  build({ ...common, entryPoints: ['src/cli/update-runtime.ts'], outfile: 'dist/quadctl-start.cjs', format: 'cjs' }),
  build({
    ...common,
    // Start-up is user-visible (the timer runs `quadctl update` every few minutes), so
    // quadctl.mjs holds yargs and the command definitions only: handlers are import()ed
    // when their command runs, and splitting writes them, and what they share, beside it
    // as NAME-HASH.mjs and chunk-HASH.mjs. Keep them directly in dist/: `timer` takes the
    // parent of its own file's folder as the package root.
    entryPoints: { quadctl: 'src/cli/quadctl.ts' },
    plugins: [composeValidator, httpByRequire],
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    splitting: true,
    metafile: true,
    // dbus-next requires 'x11' (session-bus lookup from an X display) in code quadctl never
    // runs; it is not installed, so leave the require for run time instead of failing the bundle.
    external: ['x11'],
    // CommonJS dependencies (dbus-next, ini, handlebars) call require() on Node built-ins,
    // and write-file-atomic reads __filename: give every ESM output file (esbuild puts
    // the banner on each chunk) both (not __dirname: yargs' ESM shim declares its own).
    banner: {
      js:
        "import { createRequire as __qcr } from 'node:module'; import { fileURLToPath as __qcf } from 'node:url'; " +
        "const require = __qcr(import.meta.url); const __filename = __qcf(import.meta.url);",
    },
  }),
]);

stampGenerator('dist/quadctl-generator.cjs');
writeGeneratorCodeCache();

// Chunk names carry a content hash, so every change leaves the previous build's
// chunks behind: remove the .mjs files this build did not write.
const written = new Set(Object.keys(cli.metafile.outputs).map((p) => basename(p)));
for (const name of readdirSync('dist')) {
  if (name.endsWith('.mjs') && !written.has(name)) rmSync(join('dist', name), { force: true });
}

// bin/quadctl-generator.cjs offers V8 a code cache only for the bundle it was made from:
// the bundle's first line carries the hash of its content.
function stampGenerator(path) {
  const code = readFileSync(path, 'utf8');
  const hash = createHash('sha256').update(code).digest('hex');
  writeFileSync(path, `// quadctl-generator ${hash}\n${code}`);
}

// The generator's V8 code cache for the Node running this build (see bin/quadctl-generator-cache).
function writeGeneratorCodeCache() {
  execFileSync(process.execPath, ['bin/quadctl-generator-cache'], { stdio: ['ignore', 'ignore', 'inherit'] });
}
