import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { INSTALLED_MARK, quoteExecArg, renderTimerUnits, setKey, unsafeValueReason } from '../../../src/adapters/systemd/timer-units';

const UNITS = join(__dirname, '..', '..', '..', 'units');
const shipped = (variant: '' | 'user') => ({
  service: readFileSync(join(UNITS, variant, 'quadctl-update.service'), 'utf8'),
  timer: readFileSync(join(UNITS, variant, 'quadctl-update.timer'), 'utf8'),
});

/** systemd's unquoting of one ExecStart= word (the subset quoteExecArg produces). */
function systemdUnquote(word: string): string {
  const unspecified = word.replace(/%%/g, '%').replace(/\$\$/g, '$');
  if (!unspecified.startsWith('"')) return unspecified;
  return unspecified
    .slice(1, -1)
    .replace(/\\x([0-9a-f]{2})|\\(.)/g, (_, hex: string | undefined, c: string) => (hex ? String.fromCharCode(parseInt(hex, 16)) : c));
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

  test('setKey touches only the key in the named section, and says so when it is missing', () => {
    const text = '[Unit]\nOnCalendar=keep\n[Timer]\n# OnCalendar=comment\nOnCalendar=old\n';
    expect(setKey(text, 'Timer', 'OnCalendar', 'new')).toBe('[Unit]\nOnCalendar=keep\n[Timer]\n# OnCalendar=comment\nOnCalendar=new\n');
    expect(() => setKey(text, 'Timer', 'Persistent', 'x')).toThrow(/Persistent=/);
  });

  test('ExecStart words survive systemd\'s unquoting, whatever the path', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, unit: 'binary' }).filter((s) => !s.includes('\0')), (arg) => {
        expect(systemdUnquote(quoteExecArg(arg))).toBe(arg);
      }),
    );
    expect(quoteExecArg('/usr/bin/node')).toBe('/usr/bin/node');
    expect(quoteExecArg('/a%b$c')).toBe('/a%%b$$c');
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
