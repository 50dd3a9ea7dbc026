import { splitWords } from '../../../src/unitfile';
import { type Translated } from '../../../src/quadlet/translate';

import { generate, translatedFile, execStartOf } from './translate-helpers';

const result = (text: string): Translated => translatedFile('app.kube', text);
const execStart = (text: string): string[] => execStartOf(result(text));

const DIR = '/etc/containers/systemd';
const words = (value: string | undefined): string[] => splitWords(value ?? '');

describe('[Kube] translation', () => {
  test('plays the YAML (relative to the unit) as a notify service and tears it down after stop', () => {
    const s = result('[Kube]\nYaml=k8s/./app.yml\n').service;
    expect(words(s?.lookup('Service', 'ExecStart'))).toEqual(['/usr/bin/podman', 'kube', 'play', '--replace', '--service-container=true', `${DIR}/k8s/app.yml`]);
    expect(words(s?.lookup('Service', 'ExecStopPost'))).toEqual(['/usr/bin/podman', 'kube', 'down', `${DIR}/k8s/app.yml`]);
    expect(s?.lookup('Service', 'Type')).toBe('notify');
    expect(s?.lookup('Service', 'NotifyAccess')).toBe('all');
    expect(s?.lookup('Service', 'KillMode')).toBe('mixed');
    expect(s?.lookup('Service', 'Environment')).toBe('PODMAN_SYSTEMD_UNIT=%n');
  });

  test.each(['[Kube]\n', '[Kube]\nYaml=\n'])('%j: Yaml= is required', (text) => {
    expect(result(text).error).toBe('converting "app.kube": no Yaml key specified');
  });

  test('play options in Quadlet order, PodmanArgs right before the YAML', () => {
    const play = execStart([
      '[Kube]', 'Yaml=/k/app.yml', 'ExitCodePropagation=any', 'LogDriver=journald', 'LogOpt=tag=x', 'UserNS=auto', 'Network=host',
      'AutoUpdate=registry web/local', 'ConfigMap=cm.yml /k/abs.yml', 'PublishPort=8080:80', 'PodmanArgs=--start=false',
    ].join('\n'));
    expect(play.slice(5)).toEqual([
      '--service-exit-code-propagation=any', '--log-driver', 'journald', '--log-opt', 'tag=x', '--userns', 'auto', '--network', 'host',
      '--annotation=io.containers.autoupdate=registry', '--annotation=io.containers.autoupdate/web=local',
      '--configmap', `${DIR}/cm.yml`, '--configmap', '/k/abs.yml', '--publish', '8080:80', '--start=false', '/k/app.yml',
    ]);
  });

  test.each([
    ['true', ['--force']],
    ['false', ['--force=false']],
    ['maybe', ['--force=false']],
  ])('KubeDownForce=%s', (value, flags) => {
    expect(words(result(`[Kube]\nYaml=/k/a.yml\nKubeDownForce=${value}\n`).service?.lookup('Service', 'ExecStopPost'))).toEqual(['/usr/bin/podman', 'kube', 'down', ...flags, '/k/a.yml']);
  });

  test.each([
    ['yaml', '/k/sub/a.yml', '/k/sub'],
    ['yaml', 'rel/a.yml', `${DIR}/rel`],
    ['unit', '/k/a.yml', DIR],
  ])('SetWorkingDirectory=%s with Yaml=%s works in %s', (mode, yaml, dir) => {
    expect(result(`[Kube]\nYaml=${yaml}\nSetWorkingDirectory=${mode}\n`).service?.lookup('Service', 'WorkingDirectory')).toBe(dir);
  });

  test('a user WorkingDirectory= wins; an unknown SetWorkingDirectory= is refused', () => {
    expect(result('[Kube]\nYaml=/k/a.yml\nSetWorkingDirectory=yaml\n[Service]\nWorkingDirectory=/srv\n').service?.lookupAll('Service', 'WorkingDirectory')).toEqual(['/srv']);
    expect(result('[Kube]\nYaml=/k/a.yml\nSetWorkingDirectory=home\n').error).toContain('unsupported value for WorkingDirectory: home');
  });

  test('Type=oneshot is allowed (no NotifyAccess); other types and kill modes are refused', () => {
    const oneshot = result('[Kube]\nYaml=/k/a.yml\n[Service]\nType=oneshot\n').service;
    expect(oneshot?.lookupAll('Service', 'Type')).toEqual(['oneshot']);
    expect(oneshot?.lookup('Service', 'NotifyAccess')).toBeUndefined();
    expect(result('[Kube]\nYaml=/k/a.yml\n[Service]\nType=simple\n').error).toContain("invalid service Type 'simple'");
    expect(result('[Kube]\nYaml=/k/a.yml\n[Service]\nKillMode=none\n').error).toContain("invalid KillMode 'none'");
  });

  test('RemapUsers= auto and keep-id become --userns; manual has no kube play equivalent', () => {
    expect(execStart('[Kube]\nYaml=/k/a.yml\nRemapUsers=keep-id\nRemapUid=1000\n')).toEqual(expect.arrayContaining(['--userns', 'keep-id:uid=1000']));
    expect(result('[Kube]\nYaml=/k/a.yml\nRemapUsers=manual\n').error).toContain('RemapUsers=manual is not supported');
  });

  test('a .network reference is resolved and waited for', () => {
    const results = generate({ 'app.kube': '[Kube]\nYaml=/k/a.yml\nNetwork=front.network\n', 'front.network': '[Network]\n' });
    const s = results.find((r) => r.source.fileName === 'app.kube')?.service;
    expect(words(s?.lookup('Service', 'ExecStart'))).toEqual(expect.arrayContaining(['--network', 'systemd-front']));
    expect(s?.lookupAll('Unit', 'Requires')).toEqual(['front-network.service']);
  });

  test('an empty LogDriver= leaves the flag alone; "%%" paths are relative, other specifiers are kept', () => {
    const play = execStart('[Kube]\nYaml=/k/a.yml\nLogDriver=journald\nLogDriver=\nConfigMap=%%cm.yml %h/cm.yml\n');
    expect(play.slice(5)).toEqual(['--log-driver', '--configmap', `${DIR}/%%cm.yml`, '--configmap', '%h/cm.yml', '/k/a.yml']);
  });

  test('SetWorkingDirectory=file belongs to .build files', () => {
    expect(result('[Kube]\nYaml=/k/a.yml\nSetWorkingDirectory=file\n').error).toContain('SetWorkingDirectory=file is only supported in .build files');
  });

  test.each([
    ['RemapUsers=sideways', "unsupported RemapUsers option 'sideways'"],
    ['RemapGid=1000', 'GidMap set without RemapUsers'],
    ['RemapUsers=keep-id\nRemapUid=1\nRemapUid=2', 'RemapUsers=keep-id supports only a single value for UID mapping'],
    ['RemapUsers=\nUserNS=auto', 'deprecated Remap keys are set along with explicit mapping keys'],
  ])('%j is refused', (keys, message) => {
    expect(result(`[Kube]\nYaml=/k/a.yml\n${keys}\n`).error).toBe(`converting "app.kube": ${message}`);
  });
});
