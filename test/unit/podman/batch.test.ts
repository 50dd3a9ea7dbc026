import { batched } from '../../../src/adapters/podman/batch';

/** A `many` that records each call and answers when told to. */
function fakeMany() {
  const calls: string[][] = [];
  const pending: (() => void)[] = [];
  const many = (keys: string[]): Promise<Map<string, string>> => {
    calls.push(keys);
    return new Promise((resolve) => pending.push(() => resolve(new Map(keys.filter((k) => k !== 'gone').map((k) => [k, `v:${k}`])))));
  };
  return { calls, pending, many };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('batched: one call for the keys asked meanwhile', () => {
  test('keys asked in the same turn go in one call; a duplicate is asked once; a key left out resolves undefined', async () => {
    const f = fakeMany();
    const get = batched(f.many);
    const answers = Promise.all(['a', 'b', 'a', 'gone'].map(get));
    await tick();
    expect(f.calls).toEqual([['a', 'b', 'gone']]);
    f.pending.shift()?.();
    expect(await answers).toEqual(['v:a', 'v:b', 'v:a', undefined]);
  });

  test('keys asked while a call runs wait for it, then go together in the next call', async () => {
    const f = fakeMany();
    const get = batched(f.many);
    const first = get('a');
    await tick();
    const later = Promise.all([get('b'), get('c')]);
    await tick();
    expect(f.calls).toEqual([['a']]); // never two calls at once
    f.pending.shift()?.();
    expect(await first).toBe('v:a');
    await tick();
    expect(f.calls).toEqual([['a'], ['b', 'c']]);
    f.pending.shift()?.();
    expect(await later).toEqual(['v:b', 'v:c']);
  });

  test('a failed call rejects its own callers only; the next batch still runs', async () => {
    let fail = true;
    const get = batched(async (keys: string[]) => {
      if (fail) throw new Error('podman died');
      return new Map(keys.map((k) => [k, k.toUpperCase()]));
    });
    await expect(get('a')).rejects.toThrow('podman died');
    fail = false;
    expect(await get('b')).toBe('B');
  });
});
