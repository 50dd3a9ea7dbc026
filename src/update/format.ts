/**
 * How plans, outcomes and history read on a terminal and in --json. Pure:
 * times come in as numbers and are printed in UTC ISO form.
 */
import { repositoryOf } from './discovery';
import type { RunMode, RunReport } from './engine';
import type { HistoryEntry } from './history';
import type { PlanRow } from './plan';
import type { TxnOutcome } from './transaction';

export function shortDigest(digest: string | undefined): string {
  if (!digest) return '-';
  return digest.replace(/^sha256:/, '').slice(0, 12);
}

function tagOf(image: string): string {
  const noDigest = image.split('@')[0];
  const colon = noDigest.lastIndexOf(':');
  return colon > noDigest.lastIndexOf('/') ? noDigest.slice(colon + 1) : 'latest';
}

/** Columns padded to their widest cell; the last column is never padded. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export function planTable(rows: readonly PlanRow[]): string {
  if (rows.length === 0) return 'No containers run by systemd units were found (PODMAN_SYSTEMD_UNIT label).';
  return table(
    ['UNIT', 'CONTAINER', 'IMAGE', 'POLICY', 'CURRENT', 'CANDIDATE', 'ACTION', 'REASON'],
    rows.map((r) => [
      r.unit,
      r.container,
      repositoryOf(r.image),
      r.policy,
      `${r.currentTag ?? (r.image.includes('@') ? '' : tagOf(r.image))}@${shortDigest(r.currentDigest)}`,
      r.candidate ? `${r.candidate.tag ?? tagOf(r.candidate.image)}@${shortDigest(r.candidate.digest)}` : '-',
      r.action,
      r.reason,
    ]),
  );
}

export function planRowJson(r: PlanRow): Record<string, unknown> {
  return {
    unit: r.unit,
    container: r.container,
    image: r.image,
    policy: r.policy,
    current: { tag: r.currentTag ?? null, digest: r.currentDigest || null, imageId: r.target.imageId },
    candidate: r.candidate ? { image: r.candidate.image, tag: r.candidate.tag ?? null, digest: r.candidate.digest || null } : null,
    action: r.action,
    reason: r.reason,
    onTimer: r.target.onTimer,
  };
}

export function iso(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

function duration(ms: number | null): string {
  if (ms === null) return '-';
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms / 1000)}s`;
}

function imageCell(state: { image: string; digest: string; imageId?: string } | null): string {
  if (!state) return '-';
  return `${tagOf(state.image)}@${shortDigest(state.digest || state.imageId)}`;
}

/** A rollback by hand that reached its image is shown as such, not as an update. */
function resultCell(e: HistoryEntry): string {
  if (e.result === null) return 'interrupted';
  return e.kind === 'rollback' && e.result === 'updated' ? 'rolled-back (by hand)' : e.result;
}

export function historyTable(entries: readonly HistoryEntry[]): string {
  if (entries.length === 0) return 'No history yet.';
  return table(
    ['ID', 'TIME', 'UNIT', 'FROM', 'TO', 'RESULT', 'DURATION', 'REASON'],
    entries.map((e) => [e.id, iso(e.startedAt), e.unit, imageCell(e.from), e.kind === 'skip' || e.kind === 'notify' ? '-' : imageCell(e.to), resultCell(e), duration(e.durationMs), e.reason]),
  );
}

export function entryJson(e: HistoryEntry): Record<string, unknown> {
  return {
    id: e.id,
    time: iso(e.startedAt),
    unit: e.unit,
    container: e.container,
    kind: e.kind,
    trigger: e.trigger,
    policy: e.policy,
    from: e.from ? { image: e.from.image, digest: e.from.digest || null, imageId: e.from.imageId || null } : null,
    to: e.to ? { image: e.to.image, digest: e.to.digest || null, imageId: e.to.imageId || null } : null,
    result: e.result ?? 'interrupted',
    durationMs: e.durationMs,
    reason: e.reason,
    steps: e.steps.map((s) => ({ step: s.step, time: iso(s.at), ...(s.note ? { note: s.note } : {}) })),
    journal: e.journal,
  };
}

export function outcomeLine(o: TxnOutcome): string {
  const result = o.kind === 'rollback' && o.result === 'updated' ? 'rolled back by hand' : o.result;
  return `${o.unit}: ${result} in ${duration(o.durationMs)} — ${o.reason} [${o.id}]`;
}

export function reportJson(report: RunReport): Record<string, unknown> {
  return {
    mode: report.mode,
    verdict: report.verdict,
    recovery: report.recovery.map((r) => ({ id: r.id, unit: r.unit, why: r.why, result: r.outcome?.result ?? null, reason: r.outcome?.reason ?? null })),
    plan: report.plan.map(planRowJson),
    results: report.outcomes.map((o) => ({ id: o.id, unit: o.unit, container: o.container, result: o.result, reason: o.reason, from: o.from.image, fromDigest: o.from.digest, to: o.to.image, toDigest: o.to.digest, durationMs: o.durationMs })),
    downloads: report.downloads,
    pruned: report.pruned,
  };
}

const NOT_DONE: Record<RunMode, string> = {
  apply: '',
  'dry-run': ' (not done: dry run)',
  'check-only': ' (not done: check only)',
  'download-only': ' (not done: --download-only restarts nothing; the next full run finishes it)',
};

export function reportText(report: RunReport): string {
  const parts: string[] = [];
  if (report.recovery.length) {
    parts.push(
      ['Interrupted transactions:', ...report.recovery.map((r) => `  ${r.unit} [${r.id}]: ${r.why}${r.outcome ? ` → ${r.outcome.result}: ${r.outcome.reason}` : NOT_DONE[report.mode]}`)].join('\n'),
    );
  }
  parts.push(planTable(report.plan));
  if (report.downloads.length) parts.push(report.downloads.map((d) => `${d.unit}: ${d.ok ? 'downloaded' : 'download failed'} ${d.pull}: ${d.detail}`).join('\n'));
  if (report.outcomes.length) parts.push(report.outcomes.map(outcomeLine).join('\n'));
  if (report.pruned.length) parts.push(`Pruned ${report.pruned.map((id) => id.slice(0, 12)).join(', ')}.`);
  return `${parts.join('\n\n')}\n`;
}
