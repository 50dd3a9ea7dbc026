// /etc/quadctl/generator.conf: the host's Podman version the generator adapts units to.
import { parseSettings } from '../../../src/adapters/generator/settings';

const PATH = '/etc/quadctl/generator.conf';

describe('generator settings', () => {
  test('PodmanVersion is read from [Generator]', () => {
    expect(parseSettings('[Generator]\nPodmanVersion=4.3.1\n', PATH)).toEqual({ ok: true, value: { podmanVersion: { major: 4, minor: 3, patch: 1 } } });
  });

  test('an empty file or no PodmanVersion means no adaptation', () => {
    expect(parseSettings('', PATH)).toEqual({ ok: true, value: {} });
    expect(parseSettings('# nothing yet\n[Generator]\n', PATH)).toEqual({ ok: true, value: {} });
  });

  test.each([
    ['[Generator]\nPodmanVersion=four\n', `${PATH}:2: PodmanVersion=four is not a version like 4.3.1`],
    ['[Generator]\nPodmanVersoin=4.3.1\n', `${PATH}:2: unknown key PodmanVersoin in [Generator] (known: PodmanVersion)`],
    ['[Podman]\nVersion=4.3.1\n', `${PATH}: unknown section [Podman] (expected [Generator])`],
  ])('a mistake names the file, line and key: %j', (text, message) => {
    expect(parseSettings(text, PATH)).toEqual({ ok: false, error: message });
  });
});
