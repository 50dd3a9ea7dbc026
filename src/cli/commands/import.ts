import { commandGroup } from './command-group';
import type { RegisterCommand } from './register';
import type { ImportComposeArgs } from '../handlers/import-compose';

const DESCRIPTION = `Turn a Compose project into a quadctl config: one [container.*] per service
(one per replica), [network.*], [volume.*], [build.*] for built images, and a
[pod.*] with --pod. Files are read and merged as \`docker compose\` does: several
-f files, include:, extends:, interpolation (\${VAR}, \${VAR:-default},
\${VAR:?error}, $$, the .env file beside the first file or --env-file) and
profiles. Without -f: $COMPOSE_FILE, else compose.yaml (or docker-compose.yml)
and its override file in the current folder.

Nothing is dropped silently: a field quadctl can not carry over is an error
naming its path and why (exit 2, nothing written); --lossy writes the config
anyway and lists every dropped field at its top. Unknown fields are checked
against the Compose Specification's schema. depends_on with service_healthy
makes the dependency's unit wait for its health check (Notify=healthy on
Podman 5, a health-check poll on older Podman). The mapping: docs/compose.md.`;

export const register: RegisterCommand = (cli) =>
  commandGroup(cli, { name: 'import', describe: 'Bring an existing stack in (import compose)', usage: '$0 import <format> [options]', demand: 'Name what to import: `quadctl import compose`' }, (y) =>
    y.command(
      'compose',
      'Convert a Compose project into a quadctl config',
      (c) =>
        c
          .usage(`$0 import compose [-f FILE]... [options]\n\n${DESCRIPTION}`)
          .option('file', { alias: 'f', type: 'string', array: true, default: [], describe: 'Compose file; repeat to merge several, in order' })
          .option('env-file', { type: 'string', array: true, default: [], describe: 'Variables for interpolation, instead of the .env beside the first file (repeatable)' })
          .option('project-name', { alias: 'p', type: 'string', describe: 'Project name (default: name: in the file, $COMPOSE_PROJECT_NAME, or the folder name); prefixes every section' })
          .option('profile', { type: 'string', array: true, default: [], describe: 'Enable services of this profile (repeatable; default $COMPOSE_PROFILES)' })
          .option('pod', { type: 'boolean', default: false, describe: 'Put every service into one pod: shared network namespace, ports on the pod' })
          .option('lossy', { type: 'boolean', default: false, describe: 'Convert even when some fields can not be carried over; list them in the config and on stderr' })
          .option('output', { alias: 'o', type: 'string', default: '-', describe: 'Config file to write, or - for stdout' })
          .option('force', { type: 'boolean', default: false, describe: 'Replace an existing -o file' })
          .option('json', { type: 'boolean', default: false, describe: 'Print {project, written, config, services, dropped, unset, inactive} instead of the config (also when refused)' })
          .option('podman-version', { type: 'string', describe: 'Podman the config is for (default: this host\'s, else 5): decides how service_healthy waits' })
          .option('podman', { type: 'string', default: 'podman', describe: 'Podman binary to ask for its version' })
          .example('$0 import compose -o quadctl.ini', 'compose.yaml in this folder → quadctl.ini')
          .example('$0 import compose -f compose.yaml -f compose.prod.yaml --env-file prod.env --profile web', 'merge two files, with prod variables and the web profile')
          .example('$0 import compose --lossy | less', 'see what would be dropped, and the rest converted'),
      async (argv) => (await import('../handlers/import-compose')).run(argv as unknown as ImportComposeArgs),
    ),
  );
