/**
 * A registry inside the sandbox: Debian's docker-registry (distribution 2.8) listening on
 * 127.0.0.1:<port> as its own unit, plus a socket-activated systemd-socket-proxyd on a
 * unix socket under /run so the jest process can push straight to it through
 * /proc/<pid>/root (the registry's TCP port lives in the sandbox's net namespace).
 */
export interface RegistryDefinition {
  port: number;
  /** htpasswd line (bcrypt) for a registry that needs credentials. */
  htpasswd?: string;
}

export const registryUnit = (port: number) => `quadctl-e2e-registry-${port}.service`;
export const proxySocketPath = (port: number) => `/run/quadctl-e2e/registry-${port}.sock`;

function config(r: RegistryDefinition): string {
  const auth = r.htpasswd ? `auth: {htpasswd: {realm: quadctl-e2e, path: /etc/quadctl-e2e/htpasswd-${r.port}}}\n` : '';
  return `version: 0.1
log: {level: warn, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: /var/lib/quadctl-e2e/registry-${r.port}}, delete: {enabled: true}}
http: {addr: 127.0.0.1:${r.port}}
${auth}`;
}

function service(r: RegistryDefinition): string {
  return `[Unit]
Description=quadctl e2e registry on 127.0.0.1:${r.port}${r.htpasswd ? ' (htpasswd auth)' : ''}

[Service]
ExecStart=/usr/bin/docker-registry serve /etc/quadctl-e2e/registry-${r.port}.yml
Restart=on-failure
`;
}

function proxySocket(r: RegistryDefinition): string {
  return `[Unit]
Description=unix socket to the registry on :${r.port}, for the test process

[Socket]
ListenStream=${proxySocketPath(r.port)}
`;
}

function proxyService(r: RegistryDefinition): string {
  return `[Unit]
Description=proxy to the registry on :${r.port}
Requires=${registryUnit(r.port)}
After=${registryUnit(r.port)}

[Service]
ExecStart=/lib/systemd/systemd-socket-proxyd 127.0.0.1:${r.port}
`;
}

export function registryFiles(r: RegistryDefinition): { files: Record<string, string>; wanted: string[] } {
  const base = `quadctl-e2e-registry-${r.port}`;
  const files: Record<string, string> = {
    [`/etc/quadctl-e2e/registry-${r.port}.yml`]: config(r),
    [`/etc/systemd/system/${base}.service`]: service(r),
    [`/etc/systemd/system/${base}-proxy.socket`]: proxySocket(r),
    [`/etc/systemd/system/${base}-proxy.service`]: proxyService(r),
  };
  if (r.htpasswd) files[`/etc/quadctl-e2e/htpasswd-${r.port}`] = `${r.htpasswd}\n`;
  return { files, wanted: [`${base}.service`, `${base}-proxy.socket`] };
}
