/** What a test image is made of, and the recipes the e2e suites share. */

export interface HealthOptions {
  /** seconds; defaults: interval 1, timeout 2, retries 2, startPeriod 0 */
  interval?: number;
  timeout?: number;
  retries?: number;
  startPeriod?: number;
}

export interface ImageSpec {
  /** The image's CMD; default a shell that sleeps forever (and stops on SIGTERM). */
  cmd?: string[];
  /** HEALTHCHECK test: ['CMD-SHELL', 'cmd'], ['CMD', ...argv], ['NONE'], or a bare argv (as CMD). */
  healthcheck?: string[];
  health?: HealthOptions;
  /** Any text: a different marker gives a different digest. */
  marker?: string;
  /** Extra files in the top layer, path relative to / → content. */
  files?: Record<string, string>;
  env?: Record<string, string>;
  labels?: Record<string, string>;
  /** Which sandbox registry to push to; default 'plain' (localhost:5000). */
  registry?: 'plain' | 'auth';
}

/** Busybox ash as PID 1 ignores SIGTERM unless it traps it: stop at once, exit 0. */
const serving = (before: string) => [
  '/bin/sh',
  '-c',
  `trap 'exit 0' TERM INT; ${before}httpd -f -p 8080 -h /www & wait`,
];

const WEB_HEALTH = ['CMD-SHELL', 'wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1'];

/** httpd on :8080 answering `version` (GET / → "<version>\n"); healthy once it answers. */
function web(version: string): ImageSpec {
  return { cmd: serving(''), healthcheck: WEB_HEALTH, files: { 'www/index.html': `${version}\n` }, marker: `web ${version}` };
}

/** Like web, but only starts serving after `seconds`; the health check allows for it. */
function slowStartAfter(seconds: number, version = 'slow'): ImageSpec {
  return {
    cmd: serving(`sleep ${seconds}; `),
    healthcheck: WEB_HEALTH,
    health: { startPeriod: seconds + 10 },
    files: { 'www/index.html': `${version}\n` },
    marker: `slow ${seconds} ${version}`,
  };
}

export const IMAGES = {
  web,
  slowStartAfter,
  /** Serves after 5 s. */
  slowStart: slowStartAfter(5),
  /** Prints a line and exits 1 at once. */
  exitsAtOnce: { cmd: ['/bin/sh', '-c', 'echo "exiting at once"; exit 1'], marker: 'exits at once' } satisfies ImageSpec,
  /** Serves on :8080 but its health check never passes. */
  unhealthy: {
    cmd: serving(''),
    healthcheck: ['CMD-SHELL', 'wget -q -O /dev/null http://127.0.0.1:8080/missing-health || exit 1'],
    health: { retries: 1 },
    files: { 'www/index.html': 'unhealthy\n' },
    marker: 'unhealthy',
  } satisfies ImageSpec,
  /** Sleeps forever; no health check. */
  idle: { cmd: ['/bin/sh', '-c', "trap 'exit 0' TERM INT; sleep 2147483647 & wait"], marker: 'idle' } satisfies ImageSpec,
};
