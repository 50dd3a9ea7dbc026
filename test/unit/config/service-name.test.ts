// The service a unit becomes is one rule (src/quadlet/names.ts): what the config
// checks for collisions, what apply and the updater's state call a container, what
// the summaries list, and what the generator names the rendered file all agree.
import { loadConfig, unitService } from '../../../src/config';
import { kindOfFile, serviceNameOf } from '../../../src/quadlet/names';
import { parseUnitFile } from '../../../src/unitfile';
import { load, render } from './support';

const CONFIG = `
[network.backend]
[volume.data]
VolumeName = shared
[image.base]
Image = localhost/base:1
[pod.p]
[container.web]
Image = localhost/web:1
[container.api]
Image = localhost/api:1
ServiceName = api-v2
[network.front]
ServiceName = frontnet
`;

test('config, summaries and the generator name each unit the same', () => {
  const config = load(CONFIG);
  const result = render(config, 'quadlet', '5.8.0');
  expect(result.problems).toEqual([]);
  const names = config.units.map((u) => unitService(u));
  expect(names).toEqual(['backend-network.service', 'data-volume.service', 'base-image.service', 'p-pod.service', 'web.service', 'api-v2.service', 'frontnet.service']);
  for (const u of config.units) {
    const file = result.files.find((f) => f.name === u.fileName);
    if (!file || !('content' in file)) throw new Error(`${u.fileName} not rendered`);
    const kind = kindOfFile(file.name);
    if (!kind) throw new Error(`${file.name}: no kind`);
    expect(file.service).toBe(unitService(u));
    expect(`${serviceNameOf({ fileName: file.name, path: `/etc/containers/systemd/${file.name}`, kind, unit: parseUnitFile(file.content) })}.service`).toBe(unitService(u));
  }
});

test('two units that would become one service are reported, whichever way they are named', () => {
  const { config, issues } = loadConfig('[container.web]\nImage = localhost/web:1\n[container.other]\nImage = localhost/o:1\nServiceName = web\n', { file: 'q.ini', env: {} });
  expect(config).toBeUndefined();
  expect(issues.map((i) => i.message)).toEqual(['service name web.service is also used by [container.web] (line 1)']);
});
