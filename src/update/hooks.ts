/**
 * The user's own steps around one unit's update (update.pre-hook, post-hook,
 * rollback-hook, carried as container labels):
 *   pre-hook       before the pull; failing (non-zero, or over the timeout) skips the update;
 *   post-hook      after the health gate passed; failing counts as a failed gate → rollback;
 *   rollback-hook  after a rollback, whatever its result (QUADCTL_RESULT).
 * The event goes in QUADCTL_* environment variables, never into the command line.
 * The command's output goes to the journal and the history, redacted. Pure.
 */
import type { BeginRecord } from './history';
import { LABELS, parseDuration } from './labels';

export type HookStage = 'pre' | 'post' | 'rollback';

export interface Hooks {
  pre?: string;
  post?: string;
  rollback?: string;
  timeoutMs?: number;
}

export const DEFAULT_HOOK_TIMEOUT_MS = 60_000;

export interface HookResult {
  ok: boolean;
  /** `exited 0`, `exited 3`, `killed after 60 s`. */
  detail: string;
  /** stdout and stderr interleaved, the last lines. */
  output: string;
}

const LABEL_OF: Record<HookStage, string> = { pre: LABELS.preHook, post: LABELS.postHook, rollback: LABELS.rollbackHook };

export function hooksFrom(labels: Readonly<Record<string, string>>, problems: string[]): Hooks | undefined {
  const hooks: Hooks = {};
  for (const stage of ['pre', 'post', 'rollback'] as const) {
    const command = labels[LABEL_OF[stage]]?.trim();
    if (command) hooks[stage] = command;
  }
  const timeout = labels[LABELS.hookTimeout];
  if (timeout !== undefined && timeout.trim() !== '') {
    const ms = parseDuration(timeout);
    if (ms === null || ms <= 0) problems.push(`${LABELS.hookTimeout}=${JSON.stringify(timeout)} is not a duration such as 30s or 2m`);
    else hooks.timeoutMs = ms;
  }
  return hooks.pre || hooks.post || hooks.rollback ? hooks : undefined;
}

/** The event a hook sees. */
export function hookEnv(stage: HookStage, begin: Pick<BeginRecord, 'txn' | 'unit' | 'container' | 'kind' | 'from' | 'to' | 'reason'>, result: string): Record<string, string> {
  return {
    QUADCTL_HOOK: stage,
    QUADCTL_HISTORY_ID: begin.txn,
    QUADCTL_UNIT: begin.unit,
    QUADCTL_CONTAINER: begin.container,
    QUADCTL_KIND: begin.kind,
    QUADCTL_FROM_IMAGE: begin.from.image,
    QUADCTL_FROM_DIGEST: begin.from.digest,
    QUADCTL_TO_IMAGE: begin.to.image,
    QUADCTL_TO_DIGEST: begin.to.digest,
    QUADCTL_RESULT: result,
    QUADCTL_REASON: begin.reason,
  };
}

const SECRETS: [RegExp, string][] = [
  [/\b(authorization|proxy-authorization)\s*:\s*\S+(\s+\S+)?/gi, '$1: ***'],
  [/\b([A-Za-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key)[A-Za-z0-9_.-]*)(\s*[=:]\s*)("[^"]*"|'[^']*'|\S+)/gi, '$1$2***'],
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, '$1***:***@'],
];

/** Output as it may be kept: credentials in the usual shapes (key=value, Authorization:, URL user:pass@) masked. */
export function redactOutput(text: string): string {
  return SECRETS.reduce((t, [re, to]) => t.replace(re, to), text);
}

/** What the history keeps of a hook run: its verdict and output's last lines. */
export function hookNote(stage: HookStage, command: string, r: HookResult): string {
  const lines = redactOutput(r.output).trimEnd().split('\n').filter(Boolean).slice(-20);
  return `${stage}-hook ${redactOutput(command)}: ${r.detail}${lines.length ? `\n${lines.join('\n')}` : ''}`;
}
