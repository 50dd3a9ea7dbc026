// Shared by the e2e suites that write units by hand: units shaped for Podman 4.3.1 (the cid file
// is removed before start, see the sandbox README) that carry quadctl's labels.
import type { Sandbox } from '../harness';
import { parseJsonOutput } from '../json-output';

export const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** How a unit's container is named and networked; update suites keep the defaults. */
export interface UnitShape {
  /** --name (default %N, the unit's name). */
  name?: string;
  /** --network: none (default) keeps units independent; host publishes on the sandbox's loopback. */
  network?: 'none' | 'host';
  description?: string;
}

/** A Type=notify unit running `image` with the given labels. */
export function containerUnit(image: string, labels: Record<string, string> = {}, service: string[] = [], shape: UnitShape = {}): string {
  const label = Object.entries(labels)
    .map(([k, v]) => ` --label ${k}=${v}`)
    .join('');
  return `[Unit]
Description=${shape.description ?? 'update e2e %N'}

[Service]
Environment=PODMAN_SYSTEMD_UNIT=%n
ExecStartPre=-/bin/rm -f %t/%N.cid
ExecStart=/usr/bin/podman run --name=${shape.name ?? '%N'} --cidfile=%t/%N.cid --replace --rm --cgroups=split --sdnotify=conmon -d --network=${shape.network ?? 'none'}${label} ${image}
ExecStop=/usr/bin/podman rm -v -f -i --cidfile=%t/%N.cid
ExecStopPost=-/usr/bin/podman rm -v -f -i --cidfile=%t/%N.cid
Delegate=yes
Type=notify
NotifyAccess=all
KillMode=mixed
SyslogIdentifier=%N
${service.join('\n')}
`;
}

export interface Running {
  imageName: string;
  imageId: string;
  digest: string;
  page: string;
}

/** What the unit's container runs now, and what it serves (read inside the container). */
export async function running(sb: Sandbox, unit: string): Promise<Running> {
  const name = (await sb.check(`podman ps --filter label=PODMAN_SYSTEMD_UNIT=${q(unit)} --format '{{.Names}}'`)).trim().split('\n')[0] || unit.replace(/\.service$/, '');
  const info = (await sb.check(`podman container inspect --format '{{.ImageName}} {{.Image}}' ${q(name)}`)).trim().split(' ');
  const digest = (await sb.check(`podman image inspect --format '{{.Digest}}' ${q(info[1])}`)).trim();
  const page = (await sb.exec(`podman exec ${q(name)} cat /www/index.html`)).stdout.trim();
  return { imageName: info[0], imageId: info[1], digest, page };
}

/** Polls `probe` until it holds; throws naming `what` after timeoutMs. */
export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function installUnit(sb: Sandbox, unit: string, text: string): Promise<void> {
  await sb.writeFile(`/etc/systemd/system/${unit}`, text);
  await sb.check('systemctl daemon-reload');
  await sb.startUnit(unit);
  await sb.waitForUnit(unit, 'active', 60_000);
}

export interface HistoryJson {
  id: string;
  unit: string;
  result: string;
  reason: string;
  from: { image: string; digest: string | null } | null;
  to: { image: string; digest: string | null } | null;
  steps: { step: string }[];
  /** The failing unit's journal lines, on an entry that did not end updated. */
  journal?: string[];
}

export async function history(sb: Sandbox, unit: string): Promise<HistoryJson[]> {
  const r = await sb.quadctl(['history', '--unit', unit, '--json']);
  if (r.code !== 0) throw new Error(`quadctl history: ${r.stderr}`);
  return parseJsonOutput<{ entries: HistoryJson[] }>('history', r.stdout).entries;
}
