// One key catalog: whatever the generator translates, the config accepts, and the
// Quadlet target refuses keys newer than the host's Podman, naming the release.
import { loadConfig } from '../../../src/config';
import { fileText, load, render } from './support';

describe('config keys come from the one key catalog', () => {
  test('keys the translation always accepted are accepted by the config too', () => {
    const config = load('[container.web]\nImage = quay.io/x\nServiceName = front\n\n[kube.app]\nYaml = /srv/app.yml\nLogOpt = tag=app\n');
    expect(fileText(render(config, 'quadlet', '5.8.6'), 'web.container')).toContain('ServiceName=front');
    expect(fileText(render(config, 'quadlet', '5.8.6'), 'app.kube')).toContain('LogOpt=tag=app');
  });

  test('5.5-5.8 keys and the artifact type are config keys', () => {
    const text = '[container.web]\nImage = quay.io/x\nMemory = 512m\nReloadSignal = SIGHUP\nAppArmor = unconfined\n\n[artifact.model]\nArtifact = quay.io/x/model:1\nQuiet = true\n';
    const result = render(load(text), 'quadlet', '5.8.6');
    expect(result.problems).toEqual([]);
    expect(fileText(result, 'model.artifact')).toContain('Artifact=quay.io/x/model:1');
  });

  test('for a host whose Quadlet is older, a newer key or type is a problem naming its line and release', () => {
    const text = '[container.web]\nImage = quay.io/x\nMemory = 512m\n\n[artifact.model]\nArtifact = quay.io/x/model:1\n';
    const result = render(load(text), 'quadlet', '5.4.2');
    expect(result.files).toEqual([]);
    expect(result.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ unit: 'web.container', line: 3, message: expect.stringContaining('needs Podman 5.5.0 or later') }),
      expect.objectContaining({ unit: 'model.artifact', message: expect.stringContaining('the .artifact type needs Podman 5.7.0 or later') }),
    ]));
  });

  test('an artifact needs its Artifact key', () => {
    const { config, issues } = loadConfig('[artifact.model]\nQuiet = true\n', { file: 'x.ini', env: {} });
    expect(config).toBeUndefined();
    expect(issues.map((i) => i.message).join('\n')).toContain('Artifact');
  });
});

test('a Mount= source may name an artifact unit of the config', () => {
  const config = load('[artifact.model]\nArtifact = quay.io/x/model:1\n\n[container.web]\nImage = quay.io/x\nMount = type=artifact,source=model,destination=/models\n');
  expect(fileText(render(config, 'quadlet', '5.8.6'), 'web.container')).toContain('Mount=type=artifact,source=model.artifact,destination=/models');
});
