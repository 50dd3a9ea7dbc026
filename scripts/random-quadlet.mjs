// Writes folders of random Quadlet files for the differential test, to look for inputs
// where quadctl-generator and Podman's Quadlet disagree (the fixed corpus only holds
// what someone thought of). Every key of every type comes from the key catalog, with
// values drawn from valid ones, odd ones and references to the folder's other units;
// some units are templates with instances, some sit in a subfolder or get a drop-in.
//
//   node scripts/random-quadlet.mjs DIR [SEED] [COUNT] [5.4|5.8]
//   QUADCTL_DIFFERENTIAL_CORPUS=DIR npx jest test/unit/quadlet/differential.test.ts
//
// 5.8 (the default) uses every key and marks each folder `.podman-since 5.5.0`, so only
// the 5.8 reference runs it; 5.4 uses only keys Podman 5.4 knows and runs against both.
// The same seed writes the same folders. Some differences are deliberate
// (docs/quadlet-versions.md, "Where quadctl differs from Quadlet, on purpose"): an
// invalid or empty service name, a unit using one that failed to convert, two files
// making one service.
import { build } from 'esbuild';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, seedArg = '1', countArg = '50', mode = '5.8'] = process.argv.slice(2);
if (dir === undefined || dir === '--help' || !['5.4', '5.8'].includes(mode) || !(Number(countArg) > 0)) {
  process.stderr.write('usage: node scripts/random-quadlet.mjs DIR [SEED] [COUNT] [5.4|5.8]\n');
  process.exit(dir === '--help' ? 0 : 2);
}

// The catalog is TypeScript: bundle just it, in memory.
const bundled = await build({
  stdin: { contents: "export { UNIT_TYPES } from './src/config/catalog/quadlet-keys';", resolveDir: process.cwd(), loader: 'ts' },
  bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'error',
});
const { UNIT_TYPES } = await import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`);

// xorshift32: the same seed gives the same folders on every Node.
let state = Number(seedArg) >>> 0 || 1;
function random() {
  state ^= state << 13;
  state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5;
  state >>>= 0;
  return state / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];
const chance = (p) => random() < p;
const upTo = (n) => Math.floor(random() * (n + 1));

const ODD = ['x', 'a b', '"quoted words"', "'single q'", 'back\\slash', 'tab\\there', '%n', '%i', '%%', '%h/x', '$VAR', '${VAR}', '',
  ' lead', 'trail ', 'a,b', 'k=v', '/srv/a:/a:ro,Z', 'x"y', '"a" "b c"', '\\"', 'é', 'a;b', ';', '-', '--flag', '--flag=v', '\\x41',
  '"unterminated', '42', 'true', '/abs/path', 'rel/path'];
const BY_CHECK = {
  bool: ['true', 'false', 'yes', 'no', '1', '0', 'on', 'off', 'maybe', '', 'TRUE'],
  uint: ['0', '1', '42', '-1', '99999999999', 'abc', '', '007'],
  int: ['0', '-5', '42', 'x', ''],
  size: ['512m', '1g', '1.5G', '10', '-1', 'abc', '1024k', ''],
  'go-duration': ['30s', '1m30s', '1h', '5', 'abc', '', '0s', '1.5s'],
  'port-mapping': ['8080:80', '127.0.0.1:8080:80', '80', '8080:80/udp', '[::1]:80:80', 'abc', '1-3:1-3', ''],
  'expose-port': ['80', '80/tcp', '1000-1010', 'x', ''],
  image: ['docker.io/library/nginx:latest', 'nginx', '', 'localhost/x', 'registry.example.com:5000/a/b:c'],
  'absolute-path': ['/etc/x', 'relative/x', '%h/x', '', '/a b'],
  capability: ['CAP_NET_ADMIN', 'net_admin', 'ALL', 'cap_sys_time CAP_CHOWN', ''],
  'key-value': ['A=1', '"A=b c"', 'A', '=x', 'A=$HOME', 'A="q"', 'A=1 B=2', "'C=d e'", '', 'A=\\x41'],
  pull: ['always', 'missing', 'never', 'newer', 'bogus', ''],
  notify: ['true', 'false', 'healthy', 'x'],
  'auto-update': ['registry', 'local', 'bogus', ''],
  'health-on-failure': ['none', 'kill', 'restart', 'stop', 'x'],
  'exit-code-propagation': ['all', 'any', 'none', 'x'],
  'set-working-directory': ['yaml', 'unit', 'file', 'x', ''],
  'stop-timeout': ['10', '0', '-1', 'x'],
  timespan: ['10s', '5min', 'x', ''],
  'service-type': ['notify', 'oneshot', 'simple', 'forking', ''],
  restart: ['always', 'no', 'on-failure', 'x'],
};
const COMMANDS = ['/bin/sh -c "echo hi"', 'sleep infinity', '--opt value', "'a b' c", '"unterminated', '', 'x \\; y', '-c %n', '"$HOME"', 'a\\\nb'];
const UNIT_NAMES = ['a.service', 'b.target c.target', 'x.container', 'y.pod', 'z.network', 'w.volume', ''];
/** What a reference of each kind may name, by extension. */
const REFERABLE = { network: ['network', 'container', 'pod'], volume: ['volume', 'image', 'build'], pod: ['pod'], image: ['image', 'build'], mount: ['volume', 'image'] };
const SECTIONS = {
  Unit: { Description: ['d', 'two words', ''], Wants: ['a.service', 'x.container', 'p.pod', 'n.network'], Requires: ['x.container', 'v.volume', 'b.service'],
    After: ['network-online.target', 'x.container', 'i.image'], Before: ['x.container'], BindsTo: ['x.container'], PartOf: ['p.pod'], Upholds: ['x.container'], RequiresMountsFor: ['/srv'] },
  Service: { Restart: BY_CHECK.restart, TimeoutStartSec: ['300', 'x'], User: ['root'], Group: ['wheel'], DynamicUser: ['yes'], Type: ['notify', 'oneshot', 'forking', 'simple'],
    KillMode: ['mixed', 'process', 'control-group'], ExecStartPre: ['/bin/true', '-/bin/false'], Environment: ['A=1', 'X'], SyslogIdentifier: ['%N'], RemainAfterExit: ['yes', 'no'] },
  Install: { WantedBy: ['multi-user.target', 'default.target', 'a.target b.target'], RequiredBy: ['b.target'], Alias: ['alias.service', 'alias@.service'], UpheldBy: ['u.target'], DefaultInstance: ['inst'] },
};
const REQUIRED = { container: ['Image'], kube: ['Yaml'], build: ['ImageTag', 'File'], image: ['Image'], artifact: ['Artifact'] };

function reference(ref, others) {
  const candidates = others.filter((n) => REFERABLE[ref].some((k) => n.endsWith(`.${k}`)));
  const name = candidates.length > 0 && chance(0.8) ? pick(candidates) : pick(['nope.network', 'gone.volume', 'missing.pod', 'host', 'x.image']);
  if (ref === 'mount') return `type=volume,source=${name},destination=/m`;
  return ref === 'volume' ? `${name}:/data${pick(['', ':Z', ':ro'])}` : name;
}

function value(key, spec, others) {
  if (key === 'ServiceName') return chance(0.9) ? pick(['svc-a', 'svc-b', 'my.app', 'web_1']) : pick(ODD);
  if (key === 'File') return chance(0.8) ? '/src/Containerfile' : pick(ODD);
  if (spec.ref && chance(0.6)) return reference(spec.ref, others);
  if (spec.check && BY_CHECK[spec.check] && chance(0.75)) return pick(BY_CHECK[spec.check]);
  if (spec.kind === 'bool') return pick(BY_CHECK.bool);
  if (spec.kind === 'args') return pick(COMMANDS);
  if (spec.kind === 'units') return pick(UNIT_NAMES);
  return pick(ODD);
}

function section(name, lines) {
  const keys = SECTIONS[name];
  lines.push(`[${name}]`);
  for (let i = 0, n = 1 + upTo(2); i < n; i++) {
    const key = pick(Object.keys(keys));
    lines.push(`${key}=${pick(keys[key])}`);
  }
}

function unitText(kind, others, withRequired = true) {
  const { group, keys } = UNIT_TYPES[kind];
  const usable = Object.entries(keys).filter(([, spec]) => mode === '5.8' || spec.since === undefined);
  const lines = [];
  if (chance(0.4)) section('Unit', lines);
  lines.push(`[${group}]`);
  if (withRequired) for (const key of REQUIRED[kind] ?? []) if (chance(0.9)) lines.push(`${key}=${value(key, keys[key], others)}`);
  for (let i = 0, n = upTo(6); i < n; i++) {
    const [key, spec] = pick(usable);
    lines.push(`${key}=${value(key, spec, others)}`);
  }
  if (chance(0.05)) lines.push('NoSuchKey=1');
  if (chance(0.3)) section('Service', lines);
  if (chance(0.3)) section('Install', lines);
  if (chance(0.15)) lines.push('[Quadlet]', `DefaultDependencies=${pick(BY_CHECK.bool)}`);
  // Now and then a line the parser must take apart: a comment, an indented key, a continuation.
  if (chance(0.05)) lines.splice(1 + upTo(lines.length - 2), 0, pick(['# comment', '; semi', '', ' Key = spaced', 'Image=docker.io/a \\', '  continued']));
  return lines.join('\n') + (chance(0.95) ? '\n' : '');
}

const kinds = Object.keys(UNIT_TYPES).filter((k) => mode === '5.8' || UNIT_TYPES[k].since === undefined);
const tag = mode.replace('.', '');
for (let f = 0; f < Number(countArg); f++) {
  const folder = join(dir, `random${tag}-${seedArg}-${f}${chance(0.2) ? '-user' : ''}`);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  if (mode === '5.8') writeFileSync(join(folder, '.podman-since'), '5.5.0\n');
  const names = Array.from({ length: 2 + upTo(5) }, (_, i) => `${'xypnvibw'[i % 8]}${i}${chance(0.1) ? '@' : ''}.${pick(kinds)}`);
  for (const name of names) {
    const kind = name.slice(name.lastIndexOf('.') + 1);
    const sub = chance(0.15) ? 'sub' : '';
    mkdirSync(join(folder, sub), { recursive: true });
    const others = names.filter((n) => n !== name && !n.includes('@'));
    writeFileSync(join(folder, sub, name), unitText(kind, others));
    if (name.includes('@.') && chance(0.6)) symlinkSync(name, join(folder, sub, name.replace('@.', '@inst.')));
    if (chance(0.2)) {
      const dropIns = join(folder, chance(0.7) ? `${name}.d` : `${kind}.d`);
      mkdirSync(dropIns, { recursive: true });
      writeFileSync(join(dropIns, `${pick(['10', '50', '99'])}-x.conf`), unitText(kind, others, false));
    }
  }
}
process.stdout.write(`${countArg} folders in ${dir} (seed ${seedArg}, Quadlet ${mode})\n`);
