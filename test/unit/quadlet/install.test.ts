import { parseUnitFile } from '../../../src/unitfile';
import { installLinks } from '../../../src/quadlet/install';
import { dropInDirNames } from '../../../src/quadlet/dropins';

describe('[Install] symlinks', () => {
  test('WantedBy/RequiredBy/Alias, including aliases in sub-folders', () => {
    const unit = parseUnitFile('[Install]\nAlias=a.service "b.service"\nAlias=in/dir/c.service\nWantedBy=w1.target w2.target\nRequiredBy=r.service\n');
    expect(installLinks(unit, 'web').links).toEqual([
      { link: 'a.service', target: 'web.service' },
      { link: 'b.service', target: 'web.service' },
      { link: 'in/dir/c.service', target: '../../web.service' },
      { link: 'w1.target.wants/web.service', target: '../web.service' },
      { link: 'w2.target.wants/web.service', target: '../web.service' },
      { link: 'r.service.requires/web.service', target: '../web.service' },
    ]);
  });

  test('unit names are read as systemd reads them (config_parse_strv): escapes stay as written', () => {
    const unit = parseUnitFile('[Install]\nWantedBy=dev-disk-by\\x2dlabel-data.device "quoted.target"\nAlias=a\\x41.service\n');
    expect(installLinks(unit, 'web').links).toEqual([
      { link: 'a\\x41.service', target: 'web.service' },
      { link: 'dev-disk-by\\x2dlabel-data.device.wants/web.service', target: '../web.service' },
      { link: 'quoted.target.wants/web.service', target: '../web.service' },
    ]);
  });

  test('a template is enabled only through DefaultInstance; its Alias= link is made either way, as in Quadlet', () => {
    expect(installLinks(parseUnitFile('[Install]\nWantedBy=x.target\n'), 'sleep@').links).toEqual([]);
    expect(installLinks(parseUnitFile('[Install]\nWantedBy=x.target\nAlias=nap@.service\n'), 'sleep@').links).toEqual([
      { link: 'nap@.service', target: 'sleep@.service' },
    ]);
    expect(installLinks(parseUnitFile('[Install]\nWantedBy=x.target\nDefaultInstance=10\n'), 'sleep@').links).toEqual([
      { link: 'x.target.wants/sleep@10.service', target: '../sleep@.service' },
    ]);
  });

  test('values that would escape the output folder are refused', () => {
    const plan = installLinks(parseUnitFile('[Install]\nWantedBy=../../etc/x\nAlias=/etc/passwd ../up.service\n'), 'web');
    expect(plan.links).toEqual([]);
    expect(plan.refused).toEqual(['/etc/passwd', '../up.service', '../../etc/x']);
  });
});

describe('drop-in folders', () => {
  test('most specific first: instance, template, dash prefixes, type-wide', () => {
    expect(dropInDirNames('foo-bar-baz.container')).toEqual([
      'foo-bar-baz.container.d', 'foo-bar-.container.d', 'foo-.container.d', 'container.d',
    ]);
    expect(dropInDirNames('sleep@10.container')).toEqual(['sleep@10.container.d', 'sleep@.container.d', 'container.d']);
  });
});
