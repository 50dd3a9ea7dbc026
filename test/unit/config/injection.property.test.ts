// Values from the config end up in units that run as root. For every key whose
// value is a free string, any string — line breaks, quotes, backslashes, %, $,
// ;, =, #, non-ASCII — either is refused with an error naming line and key, or
// reads back from the rendered unit as exactly itself: no extra line, key or
// argument, in the Quadlet file and in the systemd unit.
import fc from 'fast-check';
import { loadConfig, UNIT_KINDS, UNIT_TYPES, type UnitKind } from '../../../src/config';
import { parseUnitFile, splitWords, type UnitFile } from '../../../src/unitfile';
import { SYSTEMD_SECTIONS } from '../../../src/config/catalog/systemd-keys';
import { fileText, render, unliteral } from './support';

const unspecifier = (s: string): string => s.replace(/%%/g, '%');

const REQUIRED: Record<UnitKind, string> = {
  container: 'Image = localhost:5000/demo/web:1.0.0\n',
  pod: '',
  network: '',
  volume: '',
  kube: 'Yaml = /etc/quadctl/app.yml\n',
  image: 'Image = localhost:5000/demo/web:1.0.0\n',
  artifact: 'Artifact = localhost:5000/demo/data:1.0.0\n',
  build: 'ImageTag = localhost/built:1\nSetWorkingDirectory = /srv/ctx\n',
};

/**
 * A volume's User=/Group= are read by Quadlet as C numbers (`0xA` is uid 10, a name
 * is 0): the value is converted, never carried as written, so it cannot inject.
 */
const CONVERTED = new Set(['volume.User', 'volume.Group']);

/** Keys that take any string: no value check, no reference, not a boolean. */
const FREE_KEYS: [UnitKind, string][] = UNIT_KINDS.flatMap((kind) =>
  Object.entries(UNIT_TYPES[kind].keys)
    .filter(([key, spec]) => !CONVERTED.has(`${kind}.${key}`) && spec.kind !== 'bool' && spec.kind !== 'tokens' && !spec.ref && !REQUIRED[kind].split('\n').some((l) => l.startsWith(`${key} `)) && (spec.check === undefined || spec.check === 'key-value'))
    .map(([key]): [UnitKind, string] => [kind, key]),
);

/** systemd's own keys with free string values, written with their section prefix. */
const SYSTEMD_FREE: [UnitKind, string][] = ['Unit.Description', 'Unit.RequiresMountsFor', 'Service.Environment', 'Service.ExecStartPre', 'Service.ExecStopPost', 'Service.WorkingDirectory', 'Service.SyslogIdentifier', 'Service.User']
  .map((k): [UnitKind, string] => ['container', k]);

const PLACEHOLDER = 'Zq7Placeholder';
const special = fc.constantFrom('\n', '\r', '\t', ' ', '"', "'", '\\', '%', '$', ';', '=', '#', '[', ']', '{', '}', ':', ',', '-', 'é', '€', '😀', '\u0000', 'x', 'A', '0');
const values = fc.oneof(fc.string({ unit: special, minLength: 1, maxLength: 16 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }));

/** Relative paths are resolved against the config's folder; an absolute one is kept, so the value stays comparable. */
const PATH_KEYS = new Set(['EnvironmentFile', 'ConfigMap', 'File', 'Rootfs', 'AuthFile', 'CertDir', 'SeccompProfile', 'DecryptionKey', 'HealthLogDestination']);

function configFor(kind: UnitKind, key: string, value: string): string {
  const dot = key.indexOf('.');
  const spec = dot > 0 ? SYSTEMD_SECTIONS[key.slice(0, dot)][key.slice(dot + 1)] : UNIT_TYPES[kind].keys[key];
  const written = spec.check === 'key-value' ? `K=${value}` : PATH_KEYS.has(key) ? `/${value}` : value;
  // `${` is quadctl's variable syntax: a literal one is written `$${`.
  const escaped = written.replace(/\$\{/g, () => '$${');
  const line = spec.kind === 'args' ? JSON.stringify([escaped]) : JSON.stringify(escaped);
  return `[${kind}.t]\n${REQUIRED[kind]}${key} = ${line}\n`;
}

/** The file's key lines outside X- groups, as [group, key, value]. */
function lines(unit: UnitFile): [string, string, string][] {
  return unit.groups.filter((g) => !g.name.startsWith('X-')).flatMap((g) => g.lines.flatMap((l) => (l.kind === 'key' ? [[g.name, l.key, l.value] as [string, string, string]] : [])));
}

/**
 * Every line as its reader takes it: in the Quadlet file, the type's own keys
 * the way Quadlet reads them (raw, or split into words) and then, as they end up
 * in Exec lines, with systemd's %% and $$; in the service, Exec lines split the
 * way systemd splits them. Other lines stay as written.
 */
function read(unit: UnitFile, kind: UnitKind): string[][] {
  const own = UNIT_TYPES[kind].group;
  return lines(unit).map(([g, k, v]) => {
    if (g === own) {
      const spec = UNIT_TYPES[kind].keys[k];
      const asRead = (): string[] => {
        if (!spec || spec.kind === 'raw' || spec.kind === 'bool') return [v];
        // Quadlet's strv reader: a backslash is an ordinary character, even before a closing quote.
        if (spec.kind === 'strv') return splitWords(v, { stopAtEmptyWord: true, cunescape: false, backslash: 'literal', relax: false });
        return splitWords(v, { stopAtEmptyWord: true, strictEscapes: true });
      };
      return [g, k, ...asRead().map(unliteral)];
    }
    if (k.startsWith('Exec')) return [g, k, ...splitWords(v, { exec: true }).map(unliteral)];
    // Outside Exec lines systemd expands specifiers (%%) but not $.
    const spec = SYSTEMD_SECTIONS[g]?.[k];
    if (spec?.kind === 'word') return [g, k, ...splitWords(v).map(unspecifier)];
    return [g, k, unspecifier(v)];
  });
}

function expectSameShape(withValue: UnitFile, baseline: UnitFile, kind: UnitKind, value: string): void {
  const expected = read(baseline, kind).map((ws) => ws.map((w) => w.split(PLACEHOLDER).join(value)));
  expect(read(withValue, kind)).toEqual(expected);
}

const outcome = { refused: 0, rendered: 0 };

describe.each(['quadlet', 'systemd'] as const)('%s target', (target) => {
  const fileName = (kind: UnitKind): string => {
    if (target === 'quadlet') return `t.${kind}`;
    const suffix: Partial<Record<UnitKind, string>> = { network: '-network', volume: '-volume', pod: '-pod', image: '-image', build: '-build', artifact: '-artifact' };
    return `t${suffix[kind] ?? ''}.service`;
  };

  // ServiceName changes the service's file name itself; names are covered by the loader's own checks.
  test.each([...FREE_KEYS, ...SYSTEMD_FREE].filter(([, key]) => target === 'quadlet' || key !== 'ServiceName'))('%s %s', (kind, key) => {
    const baseConfig = loadConfig(configFor(kind, key, PLACEHOLDER), { file: 'p.ini', env: {} }).config;
    if (!baseConfig) throw new Error(`a plain value for ${key} must be accepted`);
    const base = render(baseConfig, target);
    if (base.problems.length > 0) return; // the host's Podman lacks the key: covered by the version tests
    const baseline = parseUnitFile(fileText(base, fileName(kind)));
    fc.assert(
      fc.property(values, (value) => {
        fc.pre(!value.includes(PLACEHOLDER) && !/%\{[A-Za-z]\}/.test(value));
        // Quadlet's AddDevice=-PATH means "only if the device exists": a leading - is the key's own syntax.
        fc.pre(!(key === 'AddDevice' && value.startsWith('-')));
        const { config, issues } = loadConfig(configFor(kind, key, value), { file: 'p.ini', env: {} });
        if (!config) {
          outcome.refused++;
          expect(issues).toEqual([expect.objectContaining({ file: 'p.ini', line: REQUIRED[kind].split('\n').length + 1, key })]);
          return;
        }
        const r = render(config, target);
        if (r.problems.length > 0) {
          // Podman arguments the host's Podman does not know are refused, naming the version (never written).
          outcome.refused++;
          for (const p of r.problems) expect(p.message).toMatch(/needs .*Podman/);
          expect(r.files).toEqual([]);
          return;
        }
        outcome.rendered++;
        expectSameShape(parseUnitFile(fileText(r, fileName(kind))), baseline, kind, value);
      }),
      { numRuns: 40 },
    );
  });
});

test('the property exercised both outcomes: refusals and exact round trips', () => {
  expect(outcome.rendered).toBeGreaterThan(100);
  expect(outcome.refused).toBeGreaterThan(10);
});
