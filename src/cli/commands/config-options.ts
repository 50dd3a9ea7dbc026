// The options and help text generate, validate, diff and apply share. Only what
// yargs needs to describe them: reading and rendering the config is in
// ../handlers/config-common, loaded when one of those commands runs.
import type { Argv } from 'yargs';
import type { Target } from '../../render';

export type TargetChoice = Target | 'auto';

export interface ConfigArgs {
  config?: string;
  'env-file'?: string;
  user: boolean;
  target: TargetChoice;
  'podman-version'?: string;
  templates?: string;
  podman: string;
}

export const CONFIG_HELP = `The config is one INI file describing containers, pods, networks, volumes,
images, builds and kube units ([container.NAME], [pod.NAME], …), with
[defaults] inherited by every unit; docs/config.md describes it. \${VAR} and
\${VAR:-default} take values from the environment and the --env-file.

Targets: quadlet writes NAME.container, NAME.pod, … for Podman's Quadlet (4.4+);
systemd writes NAME.service units translated by quadctl and adapted to the
host's Podman (4.3 needs that); auto (default) asks \`podman version\`.

Exit status: 0 done, 1 something failed at run time, 2 invalid config or
arguments (every problem is listed with file:line and key; nothing is written).`;

export function withConfigOptions<T>(y: Argv<T>): Argv<T & ConfigArgs> {
  return y
    .option('config', { alias: 'c', type: 'string', describe: 'Config file (default $QUADCTL_CONFIG, else /etc/quadctl/quadctl.ini, or ~/.config/quadctl/quadctl.ini with --user)' })
    .option('env-file', { type: 'string', describe: 'NAME=VALUE file for ${VAR} (default: quadctl.env beside the config, when present); the environment wins over it' })
    .option('user', { type: 'boolean', default: false, describe: 'Rootless units for the calling user (user unit folders, --user generator semantics)' })
    .option('target', { choices: ['auto', 'quadlet', 'systemd'] as const, default: 'auto' as const, describe: 'quadlet: Quadlet files; systemd: .service units for this host\'s Podman; auto: quadlet from Podman 4.4 on' })
    .option('podman-version', { type: 'string', describe: 'Render for this Podman version instead of asking `podman version`' })
    .option('templates', { type: 'string', describe: 'Folder with your unit.hbs (every type) or TYPE.hbs (one type) replacing the bundled template (docs/templates.md)' })
    .option('podman', { type: 'string', default: '/usr/bin/podman', describe: 'Podman binary written into systemd units and asked for its version' }) as unknown as Argv<T & ConfigArgs>;
}
