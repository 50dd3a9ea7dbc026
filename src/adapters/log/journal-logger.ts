// One way to write log lines: on a stream systemd connected to the journal, each
// line starts with its syslog priority (`<3>` … `<7>`, sd-daemon(3)), so
// `journalctl -p err -t quadctl-update` finds failures; anywhere else the text is
// written as it is.
import { fstatSync } from 'node:fs';

export type Priority = 'err' | 'warning' | 'notice' | 'info' | 'debug';

const LEVEL: Readonly<Record<Priority, number>> = { err: 3, warning: 4, notice: 5, info: 6, debug: 7 };

interface LogStream {
  readonly fd?: number;
  write(text: string): unknown;
}

export interface Logger {
  log(priority: Priority, text: string): void;
}

/**
 * True when `fd` is the stream in $JOURNAL_STREAM ("DEVICE:INODE", systemd.exec(5)):
 * the variable is inherited by children whose output goes elsewhere, so the
 * descriptor itself must be checked.
 */
function isJournalStream(fd: number | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  const wanted = env.JOURNAL_STREAM;
  if (fd === undefined || !wanted) return false;
  try {
    const st = fstatSync(fd, { bigint: true });
    return wanted === `${st.dev}:${st.ino}`;
  } catch {
    return false;
  }
}

/** Prefixes every line of `text` with `<N>` (a multi-line message keeps its priority on each line). */
export function withPriority(priority: Priority, text: string): string {
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  return `${body
    .split('\n')
    .map((line) => `<${LEVEL[priority]}>${line}`)
    .join('\n')}\n`;
}

/** quadctl's own log: stderr. */
export const log: Logger = createLogger();

export function createLogger(stream: LogStream = process.stderr, env: NodeJS.ProcessEnv = process.env): Logger {
  const journal = isJournalStream(stream.fd, env);
  return {
    log(priority, text) {
      stream.write(journal ? withPriority(priority, text) : text.endsWith('\n') ? text : `${text}\n`);
    },
  };
}
