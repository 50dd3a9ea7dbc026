import { dependenciesOf, toUnitSources } from '../../../src/adapters/systemd/unit-properties';

describe('Unit properties as D-Bus returns them', () => {
  test("a Quadlet unit's sources: the generated fragment, the .container, its drop-ins", () => {
    const props = { Id: 'web.service', FragmentPath: '/run/systemd/generator/web.service', SourcePath: '/etc/containers/systemd/web.container', DropInPaths: ['/etc/systemd/system/web.service.d/10-a.conf'] };
    expect(toUnitSources('web', props)).toEqual({ id: 'web.service', fragmentPath: '/run/systemd/generator/web.service', sourcePath: '/etc/containers/systemd/web.container', dropInPaths: ['/etc/systemd/system/web.service.d/10-a.conf'] });
  });

  test('a unit systemd has no file for: empty paths, the asked name', () => {
    expect(toUnitSources('gone.service', { LoadState: 'not-found', FragmentPath: '', SourcePath: '', DropInPaths: [] })).toEqual({ id: 'gone.service', fragmentPath: '', sourcePath: '', dropInPaths: [] });
  });

  test('dependencies: every unit the dependency properties name, none of the others', () => {
    const props = { Requires: ['a.service'], Requisite: [], BindsTo: ['pod.service'], Wants: ['net.service'], After: ['a.service', 'basic.target'], PartOf: [], Before: ['z.service'], Conflicts: ['shutdown.target'] };
    expect(dependenciesOf(props)).toEqual(['a.service', 'pod.service', 'net.service', 'a.service', 'basic.target']);
    expect(dependenciesOf({})).toEqual([]);
  });
});
