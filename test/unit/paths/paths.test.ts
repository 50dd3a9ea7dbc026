// src/paths: the one place that knows quadctl's folders on a host.
import { defaultConfigFile, installDir, quadletUnitDir, quadletUserSearchDirs, scopeOf, stateDir, systemdUnitDir } from '../../../src/paths';

const user = { HOME: '/home/a' };

describe('folders for the machine and for a user', () => {
  test('system: the admin folders, whatever the environment says', () => {
    const env = { HOME: '/root', XDG_CONFIG_HOME: '/cfg', XDG_STATE_HOME: '/st' };
    expect(systemdUnitDir('system', env)).toBe('/etc/systemd/system');
    expect(quadletUnitDir('system', env)).toBe('/etc/containers/systemd');
    expect(installDir('systemd', 'system', env)).toBe('/etc/systemd/system');
    expect(installDir('quadlet', 'system', env)).toBe('/etc/containers/systemd');
    expect(defaultConfigFile('system', env)).toBe('/etc/quadctl/quadctl.ini');
    expect(stateDir('system', env)).toBe('/var/lib/quadctl');
  });

  test('user: below XDG_CONFIG_HOME / XDG_STATE_HOME, else below HOME', () => {
    expect(systemdUnitDir('user', user)).toBe('/home/a/.config/systemd/user');
    expect(quadletUnitDir('user', user)).toBe('/home/a/.config/containers/systemd');
    expect(defaultConfigFile('user', user)).toBe('/home/a/.config/quadctl/quadctl.ini');
    expect(stateDir('user', user)).toBe('/home/a/.local/state/quadctl');
    expect(systemdUnitDir('user', { ...user, XDG_CONFIG_HOME: '/cfg' })).toBe('/cfg/systemd/user');
    expect(stateDir('user', { ...user, XDG_STATE_HOME: '/st' })).toBe('/st/quadctl');
  });

  // The XDG spec: a relative value is invalid and ignored. Used as it was, `quadctl
  // apply --user` wrote units below the folder it was run from, where nothing reads them.
  test('a relative XDG_CONFIG_HOME or XDG_STATE_HOME is ignored, as an empty one is', () => {
    const relative = { ...user, XDG_CONFIG_HOME: 'cfg', XDG_STATE_HOME: './st' };
    expect(installDir('quadlet', 'user', relative)).toBe('/home/a/.config/containers/systemd');
    expect(systemdUnitDir('user', relative)).toBe('/home/a/.config/systemd/user');
    expect(defaultConfigFile('user', relative)).toBe('/home/a/.config/quadctl/quadctl.ini');
    expect(stateDir('user', relative)).toBe('/home/a/.local/state/quadctl');
    expect(quadletUserSearchDirs(relative, 1000)).toContain('/home/a/.config/containers/systemd');
  });

  test('no usable XDG variable and no HOME: an error naming both, not a relative folder', () => {
    expect(() => systemdUnitDir('user', {})).toThrow(/XDG_CONFIG_HOME.*HOME/);
    expect(() => stateDir('user', { XDG_CONFIG_HOME: '/cfg' })).toThrow(/XDG_STATE_HOME.*HOME/);
    expect(quadletUserSearchDirs({}, 7)).toEqual(['/etc/containers/systemd/users/7', '/etc/containers/systemd/users']);
  });

  test('QUADCTL_CONFIG and QUADCTL_STATE_DIR override both scopes', () => {
    const env = { ...user, QUADCTL_CONFIG: '/x/q.ini', QUADCTL_STATE_DIR: '/x/state' };
    for (const scope of ['system', 'user'] as const) {
      expect(defaultConfigFile(scope, env)).toBe('/x/q.ini');
      expect(stateDir(scope, env)).toBe('/x/state');
    }
  });

  test('--user picks the user scope', () => {
    expect(scopeOf(true)).toBe('user');
    expect(scopeOf(false)).toBe('system');
  });
});
