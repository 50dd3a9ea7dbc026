import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { INSTALLED_MARK, renderTimerUnits, unsafeValueReason } from '../../../src/adapters/systemd/timer-units';
import { parseUnitFile, splitWords } from '../../../src/unitfile';

const UNITS = join(__dirname, '..', '..', '..', 'units');
const shipped = (variant: '' | 'user') => ({
  service: readFileSync(join(UNITS, variant, 'quadctl-update.service'), 'utf8'),
  timer: readFileSync(join(UNITS, variant, 'quadctl-update.timer'), 'utf8'),
});

/** The argv systemd runs for an ExecStart= value: its words, with %% and $$ read as % and $. */
function systemdArgv(value: string): string[] {
  return splitWords(value, { exec: true }).map((w) => w.replace(/%%/g, '%').replace(/\$\$/g, '$'));
}

const lines = (text: string, key: string) => text.split('\n').filter((l) => l.startsWith(`${key}=`));

describe('the shipped timer units', () => {
  test.each(['', 'user'] as const)('%s variant: oneshot service running quadctl update; daily, randomized, persistent timer', (variant) => {
    const { service, timer } = shipped(variant);
    expect(lines(service, 'Type')).toEqual(['Type=oneshot']);
    expect(lines(service, 'ExecStart')).toEqual([variant === 'user' ? 'ExecStart=quadctl update --user' : 'ExecStart=quadctl update']);
    expect(lines(timer, 'OnCalendar')).toEqual(['OnCalendar=daily']);
    expect(lines(timer, 'RandomizedDelaySec')).toHaveLength(1);
    expect(lines(timer, 'Persistent')).toEqual(['Persistent=true']);
    expect(lines(timer, 'WantedBy')).toEqual(['WantedBy=timers.target']);
  });

  test('the user variant carries no option that implies NoNewPrivileges (rootless Podman needs newuidmap)', () => {
    const { service } = shipped('user');
    const seccompOrNnp = /^(NoNewPrivileges|RestrictAddressFamilies|SystemCallArchitectures|SystemCallFilter|LockPersonality|RestrictRealtime|MemoryDenyWriteExecute|RestrictNamespaces|RestrictSUIDSGID|ProtectKernel\w*|PrivateDevices|ProtectClock|ProtectHostname)=/m;
    expect(service).not.toMatch(seccompOrNnp);
    // network-online.target is a system unit: a user manager cannot order against it.
    expect(service.split('\n').filter((l) => !l.startsWith('#')).join('\n')).not.toMatch(/network-online\.target/);
  });

  test('the system variant stays out of mount namespaces (Podman storage mounts must be the host\'s)', () => {
    const { service } = shipped('');
    expect(service).not.toMatch(/^(ProtectSystem|ProtectHome|PrivateTmp|PrivateDevices|PrivateMounts|ReadOnlyPaths|ReadWritePaths|ProtectControlGroups|ProtectKernelTunables|RestrictSUIDSGID)=/m);
    expect(service).toMatch(/^NoNewPrivileges=yes$/m);
  });
});

describe('rendering the installed units', () => {
  test('puts the schedule and this quadctl into the units, marked as ours', () => {
    const out = renderTimerUnits(shipped(''), { onCalendar: '*:0/5', randomizedDelay: '30s', execStart: ['/usr/bin/node', '/opt/quad ctl/bin/quadctl', 'update'] });
    expect(lines(out.timer, 'OnCalendar')).toEqual(['OnCalendar=*:0/5']);
    expect(lines(out.timer, 'RandomizedDelaySec')).toEqual(['RandomizedDelaySec=30s']);
    expect(lines(out.service, 'ExecStart')).toEqual(['ExecStart=/usr/bin/node "/opt/quad ctl/bin/quadctl" update']);
    expect(out.service.startsWith(INSTALLED_MARK)).toBe(true);
    expect(out.timer.startsWith(INSTALLED_MARK)).toBe(true);
    // Everything else (comments, hardening, Persistent=) is kept as shipped.
    expect(lines(out.timer, 'Persistent')).toEqual(['Persistent=true']);
    expect(lines(out.service, 'NoNewPrivileges')).toEqual(['NoNewPrivileges=yes']);
  });

  test('without a schedule, the shipped defaults stay', () => {
    const out = renderTimerUnits(shipped('user'), { execStart: ['/usr/bin/node', '/q', 'update', '--user'] });
    expect(lines(out.timer, 'OnCalendar')).toEqual(['OnCalendar=daily']);
  });

  test('only the keys set change: comments, other sections and commented-out keys stay, and a missing key is an error', () => {
    const templates = { service: '[Service]\nExecStart=old\n', timer: '[Unit]\nOnCalendar=keep\n[Timer]\n# OnCalendar=comment\nOnCalendar=old\n' };
    const out = renderTimerUnits(templates, { onCalendar: 'new', execStart: ['q'] });
    expect(out.timer).toBe(`${INSTALLED_MARK}\n[Unit]\nOnCalendar=keep\n\n[Timer]\n# OnCalendar=comment\nOnCalendar=new\n`);
    expect(() => renderTimerUnits(templates, { randomizedDelay: '1h', execStart: ['q'] })).toThrow(/RandomizedDelaySec=/);
    expect(() => renderTimerUnits({ ...templates, service: '[Service]\nType=oneshot\n' }, { execStart: ['q'] })).toThrow(/ExecStart=/);
  });

  test.each(['', 'user'] as const)('%s variant: every shipped comment and setting but the three set is installed as shipped', (variant) => {
    const templates = shipped(variant);
    const out = renderTimerUnits(templates, { onCalendar: 'hourly', randomizedDelay: '1m', execStart: ['/n', '/q', 'update'] });
    const SET = new Set(['OnCalendar', 'RandomizedDelaySec', 'ExecStart']);
    const shape = (text: string) => parseUnitFile(text).groups.map((g) => ({
      name: g.name,
      lines: [...g.prefix, ...g.lines].filter((l) => (l.kind === 'comment' ? l.text !== '' : !SET.has(l.key))).map((l) => (l.kind === 'key' ? `${l.key}=${l.value}` : l.text)),
    }));
    expect(shape(out.service)).toEqual(shape(`${INSTALLED_MARK}\n${templates.service}`));
    expect(shape(out.timer)).toEqual(shape(`${INSTALLED_MARK}\n${templates.timer}`));
  });

  test('a value that would start a new line or key is refused by the codec itself, whatever the caller checked', () => {
    expect(() => renderTimerUnits(shipped(''), { onCalendar: 'daily\nExecStartPre=/bin/sh', execStart: ['q'] })).toThrow(/line break/);
    const out = renderTimerUnits(shipped(''), { execStart: ['/n', 'a\nExecStartPre=/bin/sh', ';', 'b'] });
    expect(lines(out.service, 'ExecStart')).toEqual(['ExecStart=/n "a\\nExecStartPre=/bin/sh" \\; b']);
    expect(lines(out.service, 'ExecStartPre')).toEqual([]);
  });

  test('ExecStart words survive systemd\'s unquoting, whatever the path', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, unit: 'binary' }).filter((s) => !s.includes('\0')), { minLength: 1, maxLength: 4 }), (argv) => {
        const out = renderTimerUnits(shipped(''), { execStart: argv });
        const execStart = parseUnitFile(out.service).lookup('Service', 'ExecStart') ?? '';
        expect(systemdArgv(execStart)).toEqual(argv);
      }),
    );
    const execStart = (argv: string[]) => lines(renderTimerUnits(shipped(''), { execStart: argv }).service, 'ExecStart');
    expect(execStart(['/usr/bin/node', '/a%b$c'])).toEqual(['ExecStart=/usr/bin/node /a%%b$$c']);
  });

  test('schedule values that could break out of their line are refused', () => {
    expect(unsafeValueReason('*:0/5')).toBeNull();
    expect(unsafeValueReason('Mon..Fri 04:00 Europe/Berlin')).toBeNull();
    expect(unsafeValueReason('daily\nExecStartPre=/bin/sh')).toMatch(/control character/);
    expect(unsafeValueReason('%n')).toMatch(/%/);
    expect(unsafeValueReason('a\\')).toMatch(/\\/);
    expect(unsafeValueReason('  ')).toMatch(/empty/);
  });
});
