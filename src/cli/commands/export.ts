import { commandGroup } from './command-group';
import type { RegisterCommand } from './register';
import type { ExportKubeArgs } from '../handlers/export';

const DESCRIPTION = `Write Kubernetes manifests for the config's containers, pods and volumes: a
Deployment per container (or per pod, with its containers), a Service per
workload with published ports, a PersistentVolumeClaim per named volume, a
ConfigMap per env file. Update policies become Keel's and Podman's annotations.

Whatever has no Kubernetes equivalent (systemd dependencies, Service.* keys,
Podman networks, …) is listed on stderr with its line and the reason; --strict
turns that list into an error. Every object is checked against the Kubernetes
API schemas before anything is written. docs/kube.md has the mapping.

-o DIR writes one YAML per workload and per claim, named after the config's
sections (container.web.yaml, volume.data.yaml), all or nothing, and only
replaces files quadctl exported from the same config. -o - (default) writes one
multi-document stream.

--podman writes what \`podman kube play\` runs: published ports as hostPort,
only the kinds it plays (no Service), and with -o DIR a Quadlet .kube unit per
workload beside its YAML, named after the service the config's unit had
(web.kube → web.service), so the same manifests run under systemd on one host.

Exit status: 0 written, 1 failed to write, 2 invalid config or arguments, or
something not carried with --strict (nothing is written).`;

export const register: RegisterCommand = (cli) =>
  commandGroup(cli, { name: 'export', describe: 'Export the config to another format (kube: Kubernetes manifests)', demand: 'Name what to export to: `quadctl export kube`' }, (y) =>
    y.command(
      'kube',
      'Kubernetes manifests for the config (Deployments, Services, claims)',
      (k) =>
        k
          .usage(`$0 export kube [-c FILE] [-o DIR|-] [--unit NAME]... [--podman] [--strict]\n\n${DESCRIPTION}`)
          .option('config', { alias: 'c', type: 'string', describe: 'Config file (default $QUADCTL_CONFIG, else /etc/quadctl/quadctl.ini, or ~/.config/quadctl/quadctl.ini with --user)' })
          .option('env-file', { type: 'string', describe: 'NAME=VALUE file for ${VAR} (default: quadctl.env beside the config, when present)' })
          .option('user', { type: 'boolean', default: false, describe: 'Read the user\'s config by default' })
          .option('output', { alias: 'o', type: 'string', default: '-', describe: 'Folder to write into, or - for one YAML stream on stdout' })
          .option('unit', { type: 'string', array: true, default: [] as string[], describe: 'Only this unit (web or container.web) and what it uses; repeatable' })
          .option('podman', { type: 'boolean', default: false, describe: 'For `podman kube play`: hostPort, its kinds, and a .kube unit per workload (with -o DIR)' })
          .option('strict', { type: 'boolean', default: false, describe: 'Fail (exit 2) when anything can not be carried over' })
          .option('json', { type: 'boolean', default: false, describe: 'Print {files|objects, notCarried, warnings} as JSON' })
          .example('$0 export kube -c quadctl.ini -o k8s/', 'one YAML per workload into ./k8s')
          .example('$0 export kube -c quadctl.ini --unit web | kubectl apply -f -', 'the web container and what it uses, applied to a cluster')
          .example('$0 export kube -c quadctl.ini --podman -o /etc/containers/systemd', 'YAML and .kube units for Quadlet on this host'),
      async (argv) => (await import('../handlers/export')).run(argv as unknown as ExportKubeArgs),
    ),
  );
