// An empty XDG_* variable means "unset" (XDG Base Directory spec): every path
// quadctl derives from one must fall back to the home default, never become
// relative to the working directory.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { authFilePaths } from '../../../src/adapters/registry/credentials';
import { unitSearchDirs } from '../../../src/adapters/generator/search-paths';
import { defaultConfigFile, installDir, stateDir, systemdUnitDir } from '../../../src/paths';

const home = homedir();
const empty = { XDG_CONFIG_HOME: '', XDG_STATE_HOME: '', XDG_RUNTIME_DIR: '', XDG_CACHE_HOME: '', HOME: home };

test('--user paths ignore empty XDG variables', () => {
  expect(defaultConfigFile('user', empty)).toBe(join(home, '.config/quadctl/quadctl.ini'));
  expect(installDir('quadlet', 'user', empty)).toBe(join(home, '.config/containers/systemd'));
  expect(installDir('systemd', 'user', empty)).toBe(join(home, '.config/systemd/user'));
  expect(stateDir('user', empty)).toBe(join(home, '.local/state/quadctl'));
  expect(systemdUnitDir('user', empty)).toBe(join(home, '.config/systemd/user'));
  expect(authFilePaths(empty, 1000).slice(0, 2)).toEqual(['/run/containers/1000/auth.json', join(home, '.config/containers/auth.json')]);
  expect(unitSearchDirs(empty, true, 1000).filter((d) => !d.startsWith('/'))).toEqual([]);
});

test('a set XDG variable is used', () => {
  const set = { ...empty, XDG_CONFIG_HOME: '/cfg', XDG_STATE_HOME: '/st' };
  expect(defaultConfigFile('user', set)).toBe('/cfg/quadctl/quadctl.ini');
  expect(installDir('quadlet', 'user', set)).toBe('/cfg/containers/systemd');
  expect(stateDir('user', set)).toBe('/st/quadctl');
});
