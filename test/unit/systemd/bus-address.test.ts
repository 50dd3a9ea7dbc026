import { resolveBusAddress, socketPath } from '../../../src/adapters/systemd/bus-address';

describe('finding the bus like sd_bus_open_system/sd_bus_open_user', () => {
  test('system: DBUS_SYSTEM_BUS_ADDRESS wins, else the standard socket', () => {
    expect(resolveBusAddress('system', { DBUS_SYSTEM_BUS_ADDRESS: 'unix:path=/x/y' })).toEqual({ ok: true, value: 'unix:path=/x/y' });
    expect(resolveBusAddress('system', {})).toEqual({ ok: true, value: 'unix:path=/run/dbus/system_bus_socket' });
  });

  test('user: DBUS_SESSION_BUS_ADDRESS, else $XDG_RUNTIME_DIR/bus', () => {
    expect(resolveBusAddress('user', { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/s', XDG_RUNTIME_DIR: '/run/user/5' })).toEqual({ ok: true, value: 'unix:path=/s' });
    expect(resolveBusAddress('user', { XDG_RUNTIME_DIR: '/run/user/1000' })).toEqual({ ok: true, value: 'unix:path=/run/user/1000/bus' });
  });

  test('user without either variable is an error that says what to set', () => {
    const r = resolveBusAddress('user', {});
    expect(!r.ok && r.error).toMatch(/XDG_RUNTIME_DIR/);
  });

  test('socket path of an address, for a clear "no socket" message', () => {
    expect(socketPath('unix:path=/run/user/1000/bus')).toBe('/run/user/1000/bus');
    expect(socketPath('unix:guid=abc,path=/a%20b')).toBe('/a b');
    expect(socketPath('unix:abstract=/tmp/dbus-x')).toBeNull();
  });
});
