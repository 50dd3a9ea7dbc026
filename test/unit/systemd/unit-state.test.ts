import { invocationHex, mergeChanged, toUnitState, usecToMs } from '../../../src/adapters/systemd/unit-state';

describe('unit properties from D-Bus values', () => {
  test('timestamps: BigInt microseconds become epoch milliseconds; 0 means never', () => {
    expect(usecToMs(1_700_000_000_123_456n)).toBe(1_700_000_000_123);
    expect(usecToMs(0n)).toBeNull();
    expect(usecToMs(undefined)).toBeNull();
  });

  test('InvocationID bytes print as systemd prints them (32 hex digits)', () => {
    const bytes = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    expect(invocationHex(bytes)).toBe('00112233445566778899aabbccddeeff');
    expect(invocationHex([...bytes])).toBe('00112233445566778899aabbccddeeff');
    expect(invocationHex([])).toBe('');
  });

  test('a PropertiesChanged payload updates only what it names', () => {
    const base = toUnitState(
      'web.service',
      { LoadState: 'loaded', ActiveState: 'active', SubState: 'running', InvocationID: Buffer.alloc(16, 1), ActiveEnterTimestamp: 5_000_000n },
      { Result: 'success', NRestarts: 2, ExecMainStatus: 0, ExecMainCode: 0 },
    );
    const afterUnit = mergeChanged(base, 'org.freedesktop.systemd1.Unit', { ActiveState: 'failed', SubState: 'failed', InactiveEnterTimestamp: 9_000_000n });
    expect(afterUnit).toMatchObject({ activeState: 'failed', subState: 'failed', nRestarts: 2, invocationId: '01'.repeat(16) });
    expect(afterUnit.timestamps).toMatchObject({ activeEnter: 5000, inactiveEnter: 9000 });
    const afterService = mergeChanged(afterUnit, 'org.freedesktop.systemd1.Service', { Result: 'exit-code', ExecMainStatus: 3, ExecMainCode: 1 });
    expect(afterService).toMatchObject({ activeState: 'failed', result: 'exit-code', execMainStatus: 3, execMainCode: 1, nRestarts: 2 });
    expect(mergeChanged(base, 'org.freedesktop.systemd1.Unit', { InvocationID: Buffer.alloc(16, 2) }).invocationId).toBe('02'.repeat(16));
  });
});
