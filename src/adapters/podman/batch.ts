/**
 * One process for many questions: calls for single keys are answered by one
 * call for all the keys asked for meanwhile — those asked in the same turn of
 * the event loop, and those asked while the previous call was running. A run
 * restarting several units at once then spends one `podman container inspect`
 * on them instead of one process each (memory, not only time: every process is
 * tens of MiB).
 */
type Batched<V> = (key: string) => Promise<V | undefined>;

interface Waiting<V> {
  key: string;
  resolve: (v: V | undefined) => void;
  reject: (err: unknown) => void;
}

/** `many` answers a list of distinct keys; a key it leaves out resolves undefined. */
export function batched<V>(many: (keys: string[]) => Promise<Map<string, V>>): Batched<V> {
  let queue: Waiting<V>[] = [];
  let running = false;
  let scheduled = false;

  const flush = async (): Promise<void> => {
    scheduled = false;
    if (running || queue.length === 0) return;
    const batch = queue;
    queue = [];
    running = true;
    try {
      const answers = await many([...new Set(batch.map((w) => w.key))]);
      for (const w of batch) w.resolve(answers.get(w.key));
    } catch (err) {
      for (const w of batch) w.reject(err);
    } finally {
      running = false;
      void flush();
    }
  };

  return (key) =>
    new Promise<V | undefined>((resolve, reject) => {
      queue.push({ key, resolve, reject });
      if (running || scheduled) return;
      scheduled = true;
      setImmediate(() => void flush());
    });
}
