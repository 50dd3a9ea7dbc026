import { skipSubdir, unitSearchDirs } from '../../../src/adapters/generator';

describe('unit search path', () => {
  test('system: /run, /etc, /usr in that precedence', () => {
    expect(unitSearchDirs({}, false, 0)).toEqual(['/run/containers/systemd', '/etc/containers/systemd', '/usr/share/containers/systemd']);
  });

  test('user: runtime dir, config dir, then the admin folders for this UID and all users', () => {
    expect(unitSearchDirs({ XDG_RUNTIME_DIR: '/run/user/1000', HOME: '/home/u' }, true, 1000)).toEqual([
      '/run/user/1000/containers/systemd', '/home/u/.config/containers/systemd',
      '/etc/containers/systemd/users/1000', '/etc/containers/systemd/users',
    ]);
    expect(unitSearchDirs({ XDG_CONFIG_HOME: '/cfg', HOME: '/home/u' }, true, 5)[0]).toBe('/cfg/containers/systemd');
  });

  test('QUADLET_UNIT_DIRS replaces the search path', () => {
    expect(unitSearchDirs({ QUADLET_UNIT_DIRS: '/a:/b' }, true, 0)).toEqual(['/a', '/b']);
  });

  test('the per-user tree is not part of the system path; other UIDs are not part of a user path', () => {
    expect(skipSubdir(false)('/etc/containers/systemd', 'users')).toBe(true);
    expect(skipSubdir(false)('/etc/containers/systemd', 'web')).toBe(false);
    expect(skipSubdir(true)('/etc/containers/systemd/users', '1001')).toBe(true);
    expect(skipSubdir(true)('/etc/containers/systemd/users', 'shared')).toBe(false);
  });
});
