/**
 * Files laid over the sandbox's / before systemd starts (boot.sh copies <state>/seed):
 * Podman settings this machine needs, the registries, and the boot target.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type RegistryDefinition, registryFiles } from './registry-units';

export type SeedFiles = Record<string, string>;

/** crun refuses this machine's hybrid cgroups; Podman's default nofile is above the hard limit. */
const CONTAINERS_CONF = `[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]

[engine]
runtime = "runc"
`;

function registriesConf(registries: RegistryDefinition[]): string {
  return registries.map((r) => `[[registry]]\nlocation = "localhost:${r.port}"\ninsecure = true\n`).join('\n');
}

function bootTarget(units: string[]): string {
  return `[Unit]\nDescription=quadctl e2e sandbox\nWants=dbus.socket dbus.service ${units.join(' ')}\n`;
}

export function seedFiles(registries: RegistryDefinition[]): SeedFiles {
  const files: SeedFiles = {
    '/etc/containers/containers.conf': CONTAINERS_CONF,
    // Both ports are always marked insecure: a test may start the second registry itself.
    '/etc/containers/registries.conf.d/50-quadctl-e2e.conf': registriesConf([{ port: 5000 }, { port: 5001 }]),
  };
  const wanted: string[] = [];
  for (const r of registries) {
    const made = registryFiles(r);
    Object.assign(files, made.files);
    wanted.push(...made.wanted);
  }
  files['/etc/systemd/system/sandbox.target'] = bootTarget(wanted);
  return files;
}

export function writeSeed(seedDir: string, files: SeedFiles): void {
  for (const [path, text] of Object.entries(files)) {
    const target = join(seedDir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
}
