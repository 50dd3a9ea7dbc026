// stdout and stderr for the generator. Node creates them on first use, which costs a short
// run time, so a run that prints nothing never touches them. And process.exit drops what a
// full pipe has not taken yet (the rest of a write waits in the event loop), so the
// generator exits through exitWhenWritten, which waits for the streams it wrote to.
const used = new Set<'stdout' | 'stderr'>();

export function writeOut(text: string): void {
  used.add('stdout');
  process.stdout.write(text);
}

export function writeErr(text: string): void {
  used.add('stderr');
  process.stderr.write(text);
}

/** Exits with `code` once every stream written to has passed all of it on. */
export function exitWhenWritten(code: number): void {
  let left = used.size;
  if (left === 0) process.exit(code);
  for (const name of used) {
    process[name].write('', () => {
      left -= 1;
      if (left === 0) process.exit(code);
    });
  }
}
