// Every problem found in a config is collected as an issue naming file, line
// and key, so that one run reports all of them at once.
import { byCodePoint } from '../text-order';

export interface ConfigIssue {
  readonly file: string;
  readonly line: number;
  /** The section the problem is in, as written ("container.web"). */
  readonly section?: string;
  /** The key as written ("PublishPort", "Service.Restart", "update.policy"). */
  readonly key?: string;
  readonly message: string;
}

export function formatIssue(issue: ConfigIssue): string {
  const where = issue.section === undefined ? '' : `[${issue.section}] `;
  const key = issue.key === undefined ? '' : `${issue.key}: `;
  return `${issue.file}:${issue.line}: ${where}${key}${issue.message}`;
}

/** Collects issues; sorted by line when read. */
export class IssueList {
  private readonly items: ConfigIssue[] = [];

  add(issue: ConfigIssue): void {
    this.items.push(issue);
  }

  get all(): readonly ConfigIssue[] {
    return [...this.items].sort((a, b) => byCodePoint(a.file, b.file) || a.line - b.line);
  }

  get empty(): boolean {
    return this.items.length === 0;
  }
}
