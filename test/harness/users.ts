/**
 * An unprivileged user inside a sandbox with a running user manager (user@UID.service),
 * the way a login would leave them: what rootless and --user suites need.
 */
import type { ExecOptions, ExecResult } from './run-inside';

export interface UserOptions {
  /** Subordinate ids `start:count` written to /etc/subuid and /etc/subgid (rootless Podman). */
  subids?: string;
  /** Paths the user must be able to read (default: the checkout, which such suites run from). */
  readable?: string[];
}

export interface SandboxUser {
  name: string;
  uid: number;
  home: string;
}

type Exec = (command: string, options?: ExecOptions) => Promise<ExecResult>;

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

// The harness masks systemd-logind (it would manage the machine's seats and VTs), and
// logind is what gives user@.service its XDG_RUNTIME_DIR through pam_systemd. Provide
// that one thing; user-runtime-dir@.service still creates /run/user/UID.
const RUNTIME_DIR_DROPIN = '/etc/systemd/system/user@.service.d/50-quadctl-e2e-runtime-dir.conf';

async function must(exec: Exec, what: string, command: string): Promise<string> {
  const r = await exec(command);
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}): ${command}\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/**
 * A suite running code from the checkout as this user needs every directory above it
 * searchable by others. Say so plainly instead of failing later with EACCES.
 */
async function requireReadable(exec: Exec, user: string, path: string): Promise<void> {
  if ((await exec(`runuser -u ${q(user)} -- test -r ${q(path)}`)).code === 0) return;
  const chain = (await exec(`namei -l ${q(path)}`)).stdout;
  throw new Error(
    `the test user ${user} cannot read ${path}: a directory above it is not readable or searchable by other users.\n` +
      `Run the suite from a checkout every user can read (e.g. chmod o+rx on the directories below), or skip this suite.\n${chain}`,
  );
}

export async function addUser(exec: Exec, name: string, checkout: string, opts: UserOptions = {}): Promise<SandboxUser> {
  await must(exec, 'runtime dir drop-in', `mkdir -p ${q(RUNTIME_DIR_DROPIN.replace(/\/[^/]+$/, ''))} && printf '[Service]\\nEnvironment=XDG_RUNTIME_DIR=/run/user/%%i\\n' > ${q(RUNTIME_DIR_DROPIN)} && systemctl daemon-reload`);
  // Subordinate ids written explicitly (or none) rather than left to login.defs.
  const subids = opts.subids ? ` && echo ${q(`${name}:${opts.subids}`)} | tee -a /etc/subuid >> /etc/subgid` : '';
  await must(exec, `useradd ${name}`, `useradd --create-home -K SUB_UID_COUNT=0 -K SUB_GID_COUNT=0 ${q(name)}${subids}`);
  const uid = Number((await must(exec, 'id', `id -u ${q(name)}`)).trim());
  for (const path of opts.readable ?? [checkout]) await requireReadable(exec, name, path);
  await must(exec, `user@${uid}.service`, `systemctl start user@${uid}.service`);
  return { name, uid, home: `/home/${name}` };
}
