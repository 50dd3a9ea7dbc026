// Quadlet processes its units in the order Go's sort.Slice leaves them after sorting by
// type rank. That sort (pattern-defeating quicksort) is not stable: among units of one
// rank, the order is not the load order once a run has more than 12 units, and it shows
// in the output. A pod lists its containers (Wants=, Before=) in the order they were
// converted, and when two files make the same service, the one converted last is the
// one on disk. So the order is reproduced exactly here, step for step, with the same
// thresholds and the same pseudo-random pivot shuffle; test/unit/quadlet/unit-order.test.ts
// holds it against Podman's own quadlet.

type Less = (i: number, j: number) => boolean;

interface Sorting {
  readonly less: Less;
  readonly swap: (i: number, j: number) => void;
}

/** Go's bits.Len: the number of bits needed to write n. */
const bitLength = (n: number): number => 32 - Math.clz32(n);

/** Sorts `items` in place exactly as Go's sort.Slice does with `less`, and returns it. */
export function sortLikeGo<T>(items: T[], less: (a: T, b: T) => boolean): T[] {
  const s: Sorting = {
    less: (i, j) => less(items[i], items[j]),
    swap: (i, j) => {
      [items[i], items[j]] = [items[j], items[i]];
    },
  };
  pdqsort(s, 0, items.length, bitLength(items.length));
  return items;
}

const MAX_INSERTION = 12;

function pdqsort(s: Sorting, a: number, b: number, limit: number): void {
  let balanced = true;
  let partitioned = true;
  for (;;) {
    const length = b - a;
    if (length <= MAX_INSERTION) return insertionSort(s, a, b);
    if (limit === 0) return heapSort(s, a, b);
    if (!balanced) {
      breakPatterns(s, a, b);
      limit--;
    }
    let { pivot, hint } = choosePivot(s, a, b);
    if (hint === 'decreasing') {
      reverseRange(s, a, b);
      pivot = b - 1 - (pivot - a);
      hint = 'increasing';
    }
    if (balanced && partitioned && hint === 'increasing' && partialInsertionSort(s, a, b)) return;
    // Everything left of `a` is <= the range; a pivot equal to its left neighbour means many equal elements.
    if (a > 0 && !s.less(a - 1, pivot)) {
      a = partitionEqual(s, a, b, pivot);
      continue;
    }
    const { mid, alreadyPartitioned } = partition(s, a, b, pivot);
    partitioned = alreadyPartitioned;
    const [left, right] = [mid - a, b - mid];
    const threshold = Math.trunc(length / 8);
    if (left < right) {
      balanced = left >= threshold;
      pdqsort(s, a, mid, limit);
      a = mid + 1;
    } else {
      balanced = right >= threshold;
      pdqsort(s, mid + 1, b, limit);
      b = mid;
    }
  }
}

function insertionSort(s: Sorting, a: number, b: number): void {
  for (let i = a + 1; i < b; i++) for (let j = i; j > a && s.less(j, j - 1); j--) s.swap(j, j - 1);
}

function siftDown(s: Sorting, lo: number, hi: number, first: number): void {
  let root = lo;
  for (;;) {
    let child = 2 * root + 1;
    if (child >= hi) return;
    if (child + 1 < hi && s.less(first + child, first + child + 1)) child++;
    if (!s.less(first + root, first + child)) return;
    s.swap(first + root, first + child);
    root = child;
  }
}

function heapSort(s: Sorting, a: number, b: number): void {
  const hi = b - a;
  for (let i = Math.trunc((hi - 1) / 2); i >= 0; i--) siftDown(s, i, hi, a);
  for (let i = hi - 1; i >= 0; i--) {
    s.swap(a, a + i);
    siftDown(s, 0, i, a);
  }
}

/** Moves elements < pivot before it and the rest after; returns the pivot's new place. */
function partition(s: Sorting, a: number, b: number, pivot: number): { mid: number; alreadyPartitioned: boolean } {
  s.swap(a, pivot);
  let i = a + 1;
  let j = b - 1;
  const scan = (): void => {
    while (i <= j && s.less(i, a)) i++;
    while (i <= j && !s.less(j, a)) j--;
  };
  scan();
  if (i > j) {
    s.swap(j, a);
    return { mid: j, alreadyPartitioned: true };
  }
  for (;;) {
    s.swap(i, j);
    i++;
    j--;
    scan();
    if (i > j) break;
  }
  s.swap(j, a);
  return { mid: j, alreadyPartitioned: false };
}

/** For a range with nothing below the pivot: elements equal to it first; returns where the greater ones start. */
function partitionEqual(s: Sorting, a: number, b: number, pivot: number): number {
  s.swap(a, pivot);
  let i = a + 1;
  let j = b - 1;
  for (;;) {
    while (i <= j && !s.less(a, i)) i++;
    while (i <= j && s.less(a, j)) j--;
    if (i > j) return i;
    s.swap(i, j);
    i++;
    j--;
  }
}

/** Fixes up to five adjacent inversions; true when the range ends up sorted. */
function partialInsertionSort(s: Sorting, a: number, b: number): boolean {
  const maxSteps = 5;
  const shortestShifting = 50;
  let i = a + 1;
  for (let step = 0; step < maxSteps; step++) {
    while (i < b && !s.less(i, i - 1)) i++;
    if (i === b) return true;
    if (b - a < shortestShifting) return false;
    s.swap(i, i - 1);
    if (i - a >= 2) {
      for (let j = i - 1; j >= 1 && s.less(j, j - 1); j--) s.swap(j, j - 1);
    }
    if (b - i >= 2) {
      for (let j = i + 1; j < b && s.less(j, j - 1); j++) s.swap(j, j - 1);
    }
  }
  return false;
}

const MASK64 = (1n << 64n) - 1n;

/** Swaps three middle elements with pseudo-random ones (xorshift seeded with the length). */
function breakPatterns(s: Sorting, a: number, b: number): void {
  const length = b - a;
  if (length < 8) return;
  let state = BigInt(length);
  const next = (): bigint => {
    state ^= (state << 13n) & MASK64;
    state ^= state >> 7n;
    state ^= (state << 17n) & MASK64;
    return state;
  };
  const modulus = 2 ** bitLength(length);
  const middle = a + Math.trunc(length / 4) * 2;
  for (let idx = middle - 1; idx <= middle + 1; idx++) {
    let other = Number(next() & BigInt(modulus - 1));
    if (other >= length) other -= length;
    s.swap(idx, a + other);
  }
}

type Hint = 'unknown' | 'increasing' | 'decreasing';

/** Median of three (of three medians from 50 elements on); the number of swaps it took hints at presorted input. */
function choosePivot(s: Sorting, a: number, b: number): { pivot: number; hint: Hint } {
  const shortestNinther = 50;
  const maxSwaps = 4 * 3;
  const l = b - a;
  const quarter = Math.trunc(l / 4);
  const swaps = { n: 0 };
  let [i, j, k] = [a + quarter, a + quarter * 2, a + quarter * 3];
  if (l >= 8) {
    if (l >= shortestNinther) {
      i = median(s, i - 1, i, i + 1, swaps);
      j = median(s, j - 1, j, j + 1, swaps);
      k = median(s, k - 1, k, k + 1, swaps);
    }
    j = median(s, i, j, k, swaps);
  }
  const hint: Hint = swaps.n === 0 ? 'increasing' : swaps.n === maxSwaps ? 'decreasing' : 'unknown';
  return { pivot: j, hint };
}

function median(s: Sorting, a: number, b: number, c: number, swaps: { n: number }): number {
  const order = (x: number, y: number): [number, number] => {
    if (s.less(y, x)) {
      swaps.n++;
      return [y, x];
    }
    return [x, y];
  };
  [a, b] = order(a, b);
  [b, c] = order(b, c);
  [a, b] = order(a, b);
  return b;
}

function reverseRange(s: Sorting, a: number, b: number): void {
  for (let i = a, j = b - 1; i < j; i++, j--) s.swap(i, j);
}
