// depends_on → systemd ordering and requirements between the containers' units,
// with Compose's conditions: service_started (After + Requires), service_healthy
// (the dependency's unit becomes active only once its container is healthy), and
// service_completed_successfully (the dependency runs once, to completion).
import { add, type Output, type OutSection } from './output';
import type { Project } from './project';
import type { ServiceUnits } from './service';
import { isMap, type JsonMap } from './tree';
import { durationSeconds, truthy } from './values';

/**
 * How a unit waits for its container to be healthy. `notify`: Quadlet's
 * Notify=healthy (Podman 5 and later). `poll`: for older Podman, ExecStartPost
 * runs the health check until it passes; systemd counts the unit as started,
 * and starts what is ordered After it, only then.
 */
export type HealthWait = 'notify' | 'poll';

function drop(project: Project, out: Output, path: string, reason: string): void {
  out.dropped.push({ path, reason, at: project.positions.get(path.split('.')) });
}

// Podman's defaults for what a compose healthcheck leaves out (seconds).
const HEALTH_DEFAULTS = { interval: 30, timeout: 30, retries: 3, start_period: 0 };
const SYSTEMD_START_TIMEOUT = 90;

/**
 * How long the container may take to become healthy before Podman calls it
 * unhealthy: the start period, then every retry's interval and timeout. systemd's
 * start timeout (90 s by default) must not cut that short.
 */
function healthSeconds(svc: JsonMap): number {
  const h = isMap(svc.healthcheck) ? svc.healthcheck : {};
  const seconds = (key: keyof typeof HEALTH_DEFAULTS): number => (typeof h[key] === 'string' ? durationSeconds(h[key]) : undefined) ?? HEALTH_DEFAULTS[key];
  const retries = Number(h.retries ?? HEALTH_DEFAULTS.retries);
  return Math.ceil(seconds('start_period') + (seconds('interval') + seconds('timeout')) * retries);
}

function waitHealthy(section: OutSection, containerName: string, mode: HealthWait, svc: JsonMap): void {
  if (mode === 'notify') add(section, 'Notify', 'healthy');
  else add(section, 'Service.ExecStartPost', ['/bin/sh', '-c', `until podman healthcheck run ${containerName} >/dev/null 2>&1; do sleep 1; done`]);
  const needed = healthSeconds(svc) + 30;
  if (needed > SYSTEMD_START_TIMEOUT) add(section, 'Service.TimeoutStartSec', `${needed}s`);
}

function healthDisabled(svc: JsonMap): boolean {
  const h = isMap(svc.healthcheck) ? svc.healthcheck : undefined;
  return h !== undefined && (truthy(h.disable) || (Array.isArray(h.test) && h.test[0] === 'NONE'));
}

/** Returns whether any unit waits for its container's health. */
export function convertDependencies(project: Project, out: Output, units: ReadonlyMap<string, ServiceUnits>, mode: HealthWait): boolean {
  const healthy = new Set<string>();
  const once = new Set<string>();
  for (const [name, svc] of Object.entries(project.services)) {
    const deps = isMap(svc.depends_on) ? svc.depends_on : {};
    for (const [dep, spec] of Object.entries(deps)) {
      const path = `services.${name}.depends_on.${dep}`;
      const s = isMap(spec) ? spec : {};
      const required = s.required === undefined || truthy(s.required);
      const target = units.get(dep);
      if (!target || target.sections.length === 0) {
        if (!required) continue;
        const why = project.inactive.includes(dep) ? `services.${dep} is in a profile that is not active (add --profile)` : target ? `services.${dep} runs no replicas` : `there is no service ${dep}`;
        drop(project, out, path, why);
        continue;
      }
      const names = target.sections.map((t) => `${t.name}.service`).join(' ');
      for (const section of units.get(name)?.sections ?? []) {
        add(section, 'Unit.After', names);
        add(section, required ? 'Unit.Requires' : 'Unit.Wants', names);
      }
      const condition = typeof s.condition === 'string' ? s.condition : 'service_started';
      if (condition === 'service_healthy') {
        if (healthDisabled(project.services[dep])) drop(project, out, `${path}.condition`, `services.${dep} has its health check disabled, so it never becomes healthy`);
        else healthy.add(dep);
      } else if (condition === 'service_completed_successfully') once.add(dep);
    }
  }
  for (const dep of healthy) {
    const u = units.get(dep);
    u?.sections.forEach((section, i) => {
      waitHealthy(section, u.containerNames[i], mode, project.services[dep]);
    });
  }
  for (const dep of once) {
    for (const section of units.get(dep)?.sections ?? []) {
      add(section, 'Service.Type', 'oneshot');
      add(section, 'Service.RemainAfterExit', 'yes');
    }
  }
  return healthy.size > 0;
}
