/**
 * The Prometheus text exposition of quadctl's state, for node_exporter's
 * textfile collector and `quadctl metrics`: the last run (from RunState) and
 * per-unit counters (from the history). docs/metrics.md lists every metric. Pure.
 */
import { versionOf } from '../notify/payload';
import type { HistoryEntry } from '../update/history';
import type { RunState } from './run-state';

type Labels = Record<string, string>;

interface Family {
  name: string;
  type: 'gauge' | 'counter';
  help: string;
  samples: { labels: Labels; value: number }[];
}

/** Label values escape backslash, double quote and newline (the exposition format's three). */
function labelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function sample(name: string, labels: Labels, value: number): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${labelValue(v)}"`);
  return `${name}${pairs.length ? `{${pairs.join(',')}}` : ''} ${Number.isFinite(value) ? value : 0}`;
}

function render(families: readonly Family[]): string {
  return families
    .filter((f) => f.samples.length > 0)
    .map((f) => [`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`, ...f.samples.map((s) => sample(f.name, s.labels, s.value))].join('\n'))
    .join('\n')
    .concat('\n');
}

const seconds = (ms: number): number => Math.round(ms) / 1000;
const RESULTS = ['ok', 'rolled-back', 'failed'];

function runFamilies(state: RunState | null): Family[] {
  if (!state) return [];
  return [
    { name: 'quadctl_last_run_timestamp_seconds', type: 'gauge', help: 'When the last quadctl update run finished (Unix time).', samples: [{ labels: {}, value: seconds(state.finishedAt) }] },
    { name: 'quadctl_last_run_duration_seconds', type: 'gauge', help: 'How long the last run took.', samples: [{ labels: {}, value: seconds(state.durationMs) }] },
    { name: 'quadctl_last_run_result', type: 'gauge', help: "1 for the last run's result (ok, rolled-back, failed), 0 for the others.", samples: RESULTS.map((r) => ({ labels: { result: r }, value: state.verdict === r ? 1 : 0 })) },
    { name: 'quadctl_last_success_timestamp_seconds', type: 'gauge', help: 'When a run last ended ok (Unix time); 0 if none has.', samples: [{ labels: {}, value: state.lastOkAt ? seconds(state.lastOkAt) : 0 }] },
    { name: 'quadctl_last_run_notify_failures', type: 'gauge', help: 'Notification targets the last run could not reach.', samples: [{ labels: {}, value: state.notifyFailures }] },
    { name: 'quadctl_unit_info', type: 'gauge', help: 'The image each unit runs (always 1; the labels carry it).', samples: state.units.map((u) => ({ labels: { unit: u.unit, container: u.container, image: u.image, digest: u.digest, version: versionOf(u.image) ?? '' }, value: 1 })) },
    { name: 'quadctl_unit_update_pending', type: 'gauge', help: '1 when a newer image is known and not applied.', samples: state.units.map((u) => ({ labels: { unit: u.unit, container: u.container }, value: u.pending ? 1 : 0 })) },
    { name: 'quadctl_unit_held', type: 'gauge', help: '1 when a newer image is held back (it failed its health gate before, or a hold).', samples: state.units.map((u) => ({ labels: { unit: u.unit, container: u.container }, value: u.held ? 1 : 0 })) },
  ];
}


const COUNTED: { name: string; help: string; counts: (e: HistoryEntry) => boolean }[] = [
  { name: 'quadctl_unit_updates_total', help: 'Updates that passed the health gate (as far back as the history goes).', counts: (e) => e.kind === 'update' && e.result === 'updated' },
  { name: 'quadctl_unit_rollbacks_total', help: 'Updates rolled back to the previous image.', counts: (e) => e.result === 'rolled-back' },
  { name: 'quadctl_unit_failures_total', help: 'Updates or rollbacks that failed (the unit may run neither image healthily).', counts: (e) => e.result === 'failed' },
];

function counterFamilies(history: readonly HistoryEntry[], units: readonly string[]): Family[] {
  const txns = history.filter((e) => e.kind === 'update' || e.kind === 'rollback');
  const all = [...new Set([...units, ...txns.map((e) => e.unit)])].sort();
  return COUNTED.map((c) => ({ name: c.name, type: 'counter', help: c.help, samples: all.map((unit) => ({ labels: { unit }, value: txns.filter((e) => e.unit === unit && c.counts(e)).length })) }));
}

export function metricsText(state: RunState | null, history: readonly HistoryEntry[]): string {
  return render([...runFamilies(state), ...counterFamilies(history, state?.units.map((u) => u.unit) ?? [])]);
}
