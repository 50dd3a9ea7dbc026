/**
 * Files laid over the sandbox's / before systemd starts (boot.sh copies <state>/seed):
 * Podman settings this machine needs, the registries, and the boot target.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type RegistryDefinition, registryFiles } from './registry-units';
import type { SystemInfo } from './systems';

export type SeedFiles = Record<string, string>;

/**
 * Podman's default nofile is above this machine's hard limit. bookworm: crun refuses
 * the machine's hybrid cgroups, so runc. Podman 5 systems: their cgroup2 tree has no
 * pids controller, so no pids.max may be written (pids_limit = 0).
 */
function containersConf(system: SystemInfo): SeedFiles {
  const pids = system.suite === null ? '' : 'pids_limit = 0\n';
  const text = `[containers]\ndefault_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]\n${pids}\n[engine]\nruntime = "${system.runtime}"\n`;
  // The machine's own containers.conf is replaced in its overlay; a rootfs keeps its distribution defaults.
  return { [system.suite === null ? '/etc/containers/containers.conf' : '/etc/containers/containers.conf.d/50-quadctl-e2e.conf']: text };
}

function registriesConf(registries: RegistryDefinition[]): string {
  return registries.map((r) => `[[registry]]\nlocation = "localhost:${r.port}"\ninsecure = true\n`).join('\n');
}

/**
 * network-online.target too: the loopback is all the network a sandbox has, and it is up.
 * Podman 5's rootless Quadlet units wait for it (podman-user-wait-network-online.service
 * polls the system's target, up to 90 s per start), as on a host that is online.
 */
function bootTarget(units: string[]): string {
  return `[Unit]\nDescription=quadctl e2e sandbox\nWants=dbus.socket dbus.service network-online.target ${units.join(' ')}\n`;
}

export function seedFiles(system: SystemInfo, registries: RegistryDefinition[]): SeedFiles {
  const files: SeedFiles = {
    ...containersConf(system),
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
