// The core (codec, Quadlet translation, config model, update planning, registry
// logic) must stay pure: it may not reach the filesystem, processes, network or
// clock. Adapters under src/adapters and the CLI do that. This keeps the core
// testable without fakes and reusable by the generator, which must start fast.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const CORE = ['unitfile', 'quadlet', 'config', 'registry', 'update', 'render', 'compose', 'kube', 'notify', 'metrics', 'paths'];
const FORBIDDEN = /from ['"](node:)?(fs|fs\/promises|child_process|net|http|https|dgram|dns|os|process|worker_threads|dbus-next)['"]/;
const FORBIDDEN_GLOBALS = /\b(process\.(env|argv|exit|cwd)|Date\.now\(|new Date\(\)|fetch\(|setTimeout\()/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('pure core', () => {
  const src = join(__dirname, '..', '..', 'src');
  for (const area of CORE) {
    test(`src/${area} does no I/O and reads no ambient state`, () => {
      const offenders = files(join(src, area)).flatMap((file) => {
        const text = readFileSync(file, 'utf8');
        return text
          .split('\n')
          .map((line, i) => ({ line, i }))
          .filter(({ line }) => !line.trim().startsWith('//') && !line.trim().startsWith('*'))
          .filter(({ line }) => FORBIDDEN.test(line) || FORBIDDEN_GLOBALS.test(line))
          .map(({ line, i }) => `${file}:${i + 1}: ${line.trim()}`);
      });
      expect(offenders).toEqual([]);
    });
  }
});

// Every run of quadctl (the update timer's every few minutes, `quadctl status` by
// hand) loads all command definitions: a definition may import types, the other
// definitions and the few light modules below. Its handler in src/cli/handlers,
// with D-Bus, HTTP, templates and the rest, is import()ed when the command runs.
describe('lazy CLI commands', () => {
  const LIGHT = new Set(['yargs', '../exit-codes', '../command-error', '../../adapters/systemd/timer-units', '../../registry/limit', '../../update/order']);
  test('src/cli/commands loads no handler or heavy module at start-up', () => {
    const dir = join(__dirname, '..', '..', 'src', 'cli', 'commands');
    const offenders = files(dir).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gm)]
        .map((m) => m[1])
        .filter((spec) => !spec.startsWith('./') && !LIGHT.has(spec))
        .map((spec) => `${file}: ${spec}`),
    );
    expect(offenders).toEqual([]);
  });
});
