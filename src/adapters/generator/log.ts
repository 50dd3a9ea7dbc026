// Quadlet's logging: to /dev/kmsg (so boot-time messages reach the journal)
// unless --no-kmsg-log or kmsg is not writable, else to stderr.
import { closeSync, openSync, writeSync } from 'node:fs';
import { writeErr } from './std-streams';

export interface GeneratorLog {
  info(message: string): void;
  debug(message: string): void;
  close(): void;
}

export function openLog(name: string, useKmsg: boolean, verbose: boolean): GeneratorLog {
  let kmsg: number | undefined;
  if (useKmsg) {
    try {
      kmsg = openSync('/dev/kmsg', 'a');
    } catch {
      kmsg = undefined;
    }
  }
  const prefix = `${name}[${process.pid}]: `;
  const write = (message: string): void => {
    const lines = message.split('\n').map((l) => prefix + l + '\n');
    if (kmsg !== undefined) {
      try {
        // One write per line: the kernel log keeps one record per write.
        for (const line of lines) writeSync(kmsg, line);
        return;
      } catch {
        kmsg = undefined;
      }
    }
    writeErr(lines.join(''));
  };
  return {
    info: write,
    debug: (m) => {
      if (verbose) write(m);
    },
    close: () => {
      if (kmsg !== undefined) closeSync(kmsg);
    },
  };
}
