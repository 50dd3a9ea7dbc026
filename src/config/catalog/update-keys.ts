// quadctl's own keys for the updater, written `update.KEY` in a container's
// section (or in [defaults]). They are carried into the unit as container
// labels, which is where the updater reads them back from the running container.

export interface UpdateKeySpec {
  /** The container label the value is carried in. */
  readonly label: string;
  readonly check: 'policy' | 'probe' | 'settle' | 'bool' | 'path' | 'command';
  readonly help: string;
}

export const UPDATE_KEYS: Readonly<Record<string, UpdateKeySpec>> = {
  policy: {
    label: 'io.quadctl.policy',
    check: 'policy',
    help: 'digest | patch | minor | major | a semver range ("~1.4", ">=2 <3") | none',
  },
  probe: {
    label: 'io.quadctl.probe',
    check: 'probe',
    help: 'http://HOST:PORT/PATH, https://…, tcp://HOST:PORT or exec:COMMAND (run inside the container)',
  },
  settle: { label: 'io.quadctl.settle', check: 'settle', help: 'how long the unit must stay up after a restart, e.g. 30s or 2m' },
  timer: { label: 'io.quadctl.timer', check: 'bool', help: 'false: the daily timer skips this unit; `quadctl update --unit` still updates it' },
  // Podman's own label, so `podman auto-update` uses the same credentials as quadctl.
  authfile: {
    label: 'io.containers.autoupdate.authfile',
    check: 'path',
    help: 'the auth file (auth.json format) with this container\'s registry credentials, for the update check and the pull: an absolute path',
  },
  'pre-hook': { label: 'io.quadctl.pre-hook', check: 'command', help: 'run before the pull (/bin/sh -c, event in QUADCTL_* variables); failing skips this update' },
  'post-hook': { label: 'io.quadctl.post-hook', check: 'command', help: 'run after the health gate passed; failing counts as a failed health gate and rolls back' },
  'rollback-hook': { label: 'io.quadctl.rollback-hook', check: 'command', help: 'run after a rollback (QUADCTL_RESULT = rolled-back or failed)' },
  'hook-timeout': { label: 'io.quadctl.hook-timeout', check: 'settle', help: 'how long a hook may run before it is killed and counts as failed (default 60s)' },
};

/** Label Podman's own auto-update reads; quadctl sets AutoUpdate=registry for containers it updates. */
export const PODMAN_AUTOUPDATE_KEY = 'AutoUpdate';
