// What `quadctl update` loads before it does anything. The timer runs it every few
// minutes and its memory is judged beside `podman auto-update` (issue 19): the
// template engine (~8 MiB of RSS once loaded) and the mail library (~9 MiB) are for
// other commands and for mail notifications, so they must be reached only through
// import() on the paths that use them, never through the handler's static imports.
import { buildSync, type Metafile } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** The module graph from `entry` (a path from the repository's root), as esbuild resolves it. */
function graph(entry: string): Metafile['inputs'] {
  const { metafile } = buildSync({ absWorkingDir: ROOT, entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', write: false, metafile: true, outdir: 'out', external: ['x11'], logLevel: 'silent', define: { QUADCTL_VERSION: '"test"' } });
  return (metafile as Metafile).inputs;
}

/** Every input the module reaches through static imports (what loading it evaluates). */
function staticallyLoaded(entry: string): Set<string> {
  const inputs = graph(entry);
  const seen = new Set<string>([entry]);
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const i of inputs[file]?.imports ?? []) {
      if (i.kind === 'dynamic-import' || seen.has(i.path)) continue;
      seen.add(i.path);
      queue.push(i.path);
    }
  }
  return seen;
}

const packagesIn = (files: Set<string>): Set<string> => new Set([...files].flatMap((f) => /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f)?.[1] ?? []));

describe('what an update run loads', () => {
  const packages = packagesIn(staticallyLoaded('src/cli/handlers/update.ts'));

  test('the D-Bus client and semver, which every run uses', () => {
    expect(packages).toContain('dbus-next');
    expect(packages).toContain('semver');
  });

  test('not the template engine nor the mail library', () => {
    expect(packages).not.toContain('handlebars');
    expect(packages).not.toContain('nodemailer');
  });

  test('mail notifications still reach the mail library, on demand', () => {
    expect(packagesIn(staticallyLoaded('src/adapters/notify/transports.ts'))).not.toContain('nodemailer');
    const entry = 'src/adapters/notify/transports.ts';
    const dynamic = graph(entry)[entry].imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path);
    expect(dynamic.some((p) => p.startsWith('node_modules/nodemailer/'))).toBe(true);
  });

  // On Node 22+, an ES module's import of node:http reads http's lazy WebSocket getter,
  // which loads Node's bundled undici (fetch): scripts/build.mjs has node:http required
  // instead. Checked on the built handler (npm test builds first), in a fresh Node.
  test("loading the built handler does not load Node's fetch (undici)", () => {
    const handler = readdirSync(join(ROOT, 'dist')).find((f) => /^update-\w+\.mjs$/.test(f));
    expect(handler).toBeDefined();
    const script = `await import(${JSON.stringify(join(ROOT, 'dist', handler ?? ''))}); console.log(process.moduleLoadList.filter((m) => m.includes('undici')).length);`;
    expect(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim()).toBe('0');
  });
});
