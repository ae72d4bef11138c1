// Go's slices.SortFunc (pattern-defeating quicksort, Go 1.19+). It is not stable, and the
// order it leaves equal elements in is part of Go's visible output (the footprint table
// sorts 256 rows, most of them tied at zero), so every step here mirrors Go's choices:
// same pivots, same swaps, same pseudo-random shuffles, same fallbacks.

/** Comparison with Go's contract: negative if a < b, positive if a > b, zero if equal. */
export type CompareFunc<T> = (a: T, b: T) => number;

/** Notable paths taken by the sort; reported to an optional probe (tests, diagnostics). */
export type SortPath = "insertion" | "heapsort" | "breakPatterns" | "partialInsertion" | "partitionEqual" | "reverse";

/** Receives each {@link SortPath} as the sort takes it. */
export type SortProbe = (path: SortPath) => void;

// Slices this short are insertion-sorted.
const MAX_INSERTION = 12;
// From this length on, the pivot is a median of medians (Tukey's ninther).
const SHORTEST_NINTHER = 50;
// Swaps counted by choosePivot when it saw a fully descending sample (4 medians of 3).
const MAX_SWAPS = 4 * 3;
// partialInsertionSort gives up after fixing this many adjacent inversions...
const MAX_STEPS = 5;
// ...and does not try at all on slices shorter than this.
const SHORTEST_SHIFTING = 50;

// What choosePivot's sample suggests about the order of the range.
const HINT_UNKNOWN = 0;
const HINT_INCREASING = 1;
const HINT_DECREASING = 2;
type Hint = typeof HINT_UNKNOWN | typeof HINT_INCREASING | typeof HINT_DECREASING;

/** Number of bits needed to represent n (Go's bits.Len), for 0 <= n < 2^32. */
function bitLength(n: number): number {
  return 32 - Math.clz32(n);
}

function swap<T>(data: T[], i: number, j: number): void {
  const t = data[i]!;
  data[i] = data[j]!;
  data[j] = t;
}

/**
 * Sorts `items` in place exactly as Go 1.27's `slices.SortFunc(items, cmp)` does, including
 * the final order of elements that compare equal. `cmp` must be a consistent ordering.
 * `probe`, if given, is told which notable paths the algorithm takes (for tests).
 */
export function goSortFunc<T>(items: T[], cmp: CompareFunc<T>, probe?: SortProbe): void {
  const n = items.length;
  // The recursion budget before heapsort: bits.Len(n) unbalanced partitions.
  new Sorter(items, cmp, probe).pdqsort(0, n, bitLength(n));
}

/** Holds the slice and comparator so the helpers need not pass them around. */
class Sorter<T> {
  // Go's pattern breaker uses a 64-bit xorshift generator; these are its halves.
  private rngHi = 0;
  private rngLo = 0;

  private readonly data: T[];
  private readonly cmp: CompareFunc<T>;
  private readonly probe: SortProbe | undefined;

  constructor(data: T[], cmp: CompareFunc<T>, probe: SortProbe | undefined) {
    this.data = data;
    this.cmp = cmp;
    this.probe = probe;
  }

  private less(i: number, j: number): boolean {
    return this.cmp(this.data[i]!, this.data[j]!) < 0;
  }

  pdqsort(a: number, b: number, limit: number): void {
    let wasBalanced = true; // the previous partition was not badly skewed
    let wasPartitioned = true; // the previous partition moved nothing
    for (;;) {
      const length = b - a;
      if (length <= MAX_INSERTION) {
        this.probe?.("insertion");
        this.insertionSort(a, b);
        return;
      }
      // Too many bad pivots: quicksort is going quadratic, finish with a heap.
      if (limit === 0) {
        this.probe?.("heapsort");
        this.heapSort(a, b);
        return;
      }
      if (!wasBalanced) {
        this.breakPatterns(a, b);
        limit--;
      }
      let [pivot, hint] = this.choosePivot(a, b);
      if (hint === HINT_DECREASING) {
        // A descending sample suggests a descending slice: reverse it and keep the
        // pivot on the same element.
        this.probe?.("reverse");
        this.reverseRange(a, b);
        pivot = b - 1 - (pivot - a);
        hint = HINT_INCREASING;
      }
      // Possibly sorted already: a few insertion steps may finish the job.
      if (wasBalanced && wasPartitioned && hint === HINT_INCREASING) {
        this.probe?.("partialInsertion");
        if (this.partialInsertionSort(a, b)) return;
      }
      // The element before this range is a pivot from an earlier pass, so nothing here is
      // smaller than it. If the new pivot equals it, many elements are probably equal:
      // split off the run of equals instead of recursing into it.
      if (a > 0 && !this.less(a - 1, pivot)) {
        this.probe?.("partitionEqual");
        a = this.partitionEqual(a, b, pivot);
        continue;
      }
      const [mid, alreadyPartitioned] = this.partition(a, b, pivot);
      wasPartitioned = alreadyPartitioned;
      const leftLen = mid - a;
      const rightLen = b - mid;
      const balanceThreshold = Math.trunc(length / 8);
      // Recurse into the smaller side, loop on the larger (bounded stack).
      if (leftLen < rightLen) {
        wasBalanced = leftLen >= balanceThreshold;
        this.pdqsort(a, mid, limit);
        a = mid + 1;
      } else {
        wasBalanced = rightLen >= balanceThreshold;
        this.pdqsort(mid + 1, b, limit);
        b = mid;
      }
    }
  }

  private insertionSort(a: number, b: number): void {
    for (let i = a + 1; i < b; i++) {
      for (let j = i; j > a && this.less(j, j - 1); j--) swap(this.data, j, j - 1);
    }
  }

  /** Restores the max-heap property below `root` in the heap data[first : first+hi]. */
  private siftDown(root: number, hi: number, first: number): void {
    for (;;) {
      let child = 2 * root + 1;
      if (child >= hi) return;
      if (child + 1 < hi && this.less(first + child, first + child + 1)) child++;
      if (!this.less(first + root, first + child)) return;
      swap(this.data, first + root, first + child);
      root = child;
    }
  }

  private heapSort(a: number, b: number): void {
    const hi = b - a;
    for (let i = Math.trunc((hi - 1) / 2); i >= 0; i--) this.siftDown(i, hi, a);
    for (let i = hi - 1; i >= 0; i--) {
      swap(this.data, a, a + i);
      this.siftDown(0, i, a);
    }
  }

  /**
   * Splits data[a:b] around data[pivot]: afterwards data[mid] is the pivot, everything
   * before it is smaller and everything after is not. Also reports whether no element had
   * to move, a hint that the range may already be sorted.
   */
  private partition(a: number, b: number, pivot: number): [number, boolean] {
    const data = this.data;
    swap(data, a, pivot); // park the pivot at the front
    let i = a + 1;
    let j = b - 1;
    while (i <= j && this.less(i, a)) i++;
    while (i <= j && !this.less(j, a)) j--;
    if (i > j) {
      swap(data, j, a);
      return [j, true];
    }
    swap(data, i, j);
    i++;
    j--;
    for (;;) {
      while (i <= j && this.less(i, a)) i++;
      while (i <= j && !this.less(j, a)) j--;
      if (i > j) break;
      swap(data, i, j);
      i++;
      j--;
    }
    swap(data, j, a);
    return [j, false];
  }

  /**
   * For a range with no element below data[pivot]: moves the elements equal to the pivot
   * to the front and returns the index of the first greater one.
   */
  private partitionEqual(a: number, b: number, pivot: number): number {
    swap(this.data, a, pivot);
    let i = a + 1;
    let j = b - 1;
    for (;;) {
      while (i <= j && !this.less(a, i)) i++;
      while (i <= j && this.less(a, j)) j--;
      if (i > j) break;
      swap(this.data, i, j);
      i++;
      j--;
    }
    return i;
  }

  /**
   * Fixes up to MAX_STEPS adjacent inversions by shifting; reports whether data[a:b] ended
   * up sorted. Short ranges are only checked, never shifted.
   */
  private partialInsertionSort(a: number, b: number): boolean {
    const data = this.data;
    let i = a + 1;
    for (let step = 0; step < MAX_STEPS; step++) {
      while (i < b && !this.less(i, i - 1)) i++;
      if (i === b) return true;
      if (b - a < SHORTEST_SHIFTING) return false;
      swap(data, i, i - 1);
      // Move the smaller element of the pair left to its place. Like Go, the loop may look
      // below a; that is harmless because the element before a range is never greater
      // than anything in it, so the comparison stops the walk there.
      if (i - a >= 2) {
        for (let j = i - 1; j >= 1; j--) {
          if (!this.less(j, j - 1)) break;
          swap(data, j, j - 1);
        }
      }
      // Move the larger one right to its place.
      if (b - i >= 2) {
        for (let j = i + 1; j < b; j++) {
          if (!this.less(j, j - 1)) break;
          swap(data, j, j - 1);
        }
      }
    }
    return false;
  }

  /**
   * Swaps three elements around the middle with pseudo-random partners, to defeat inputs
   * crafted to make pivots bad. The generator is seeded with the length, so the shuffle
   * (and thus the final order of ties) is deterministic.
   */
  private breakPatterns(a: number, b: number): void {
    const length = b - a;
    if (length < 8) return;
    this.probe?.("breakPatterns");
    // Seed: the length as a uint64 (length < 2^32 for any JS array).
    this.rngHi = 0;
    this.rngLo = length >>> 0;
    // Go names this nextPowerOfTwo, but it is 1 << bits.Len(length): strictly greater.
    const mask = 2 ** bitLength(length) - 1;
    const start = a + Math.trunc(length / 4) * 2 - 1;
    for (let idx = start; idx <= start + 2; idx++) {
      let other = (this.nextRandomLow32() & mask) >>> 0;
      if (other >= length) other -= length;
      swap(this.data, idx, a + other);
    }
  }

  /** Advances the xorshift64 state (shifts 13, 7, 17) and returns its low 32 bits. */
  private nextRandomLow32(): number {
    let hi = this.rngHi;
    let lo = this.rngLo;
    // x ^= x << 13
    hi ^= (hi << 13) | (lo >>> 19);
    lo ^= lo << 13;
    // x ^= x >> 7 (logical)
    lo ^= (lo >>> 7) | (hi << 25);
    hi ^= hi >>> 7;
    // x ^= x << 17
    hi ^= (hi << 17) | (lo >>> 15);
    lo ^= lo << 17;
    this.rngHi = hi >>> 0;
    this.rngLo = lo >>> 0;
    return this.rngLo;
  }

  /**
   * Picks a pivot index in data[a:b] and says whether the sampled elements looked
   * increasing (no swaps), decreasing (all swaps) or neither.
   */
  private choosePivot(a: number, b: number): [number, Hint] {
    const l = b - a;
    const quarter = Math.trunc(l / 4);
    const swaps = { n: 0 };
    let i = a + quarter;
    let j = a + quarter * 2;
    let k = a + quarter * 3;
    if (l >= 8) {
      if (l >= SHORTEST_NINTHER) {
        i = this.medianAdjacent(i, swaps);
        j = this.medianAdjacent(j, swaps);
        k = this.medianAdjacent(k, swaps);
      }
      j = this.median(i, j, k, swaps);
    }
    if (swaps.n === 0) return [j, HINT_INCREASING];
    if (swaps.n === MAX_SWAPS) return [j, HINT_DECREASING];
    return [j, HINT_UNKNOWN];
  }

  /** Index of the median of data[a], data[b], data[c]; counts the orderings it had to flip. */
  private median(a: number, b: number, c: number, swaps: { n: number }): number {
    // A three-element sorting network on indices: (a,b), (b,c), (a,b).
    if (this.less(b, a)) {
      swaps.n++;
      [a, b] = [b, a];
    }
    if (this.less(c, b)) {
      swaps.n++;
      [b, c] = [c, b];
    }
    if (this.less(b, a)) {
      swaps.n++;
      [a, b] = [b, a];
    }
    return b;
  }

  private medianAdjacent(a: number, swaps: { n: number }): number {
    return this.median(a - 1, a, a + 1, swaps);
  }

  private reverseRange(a: number, b: number): void {
    for (let i = a, j = b - 1; i < j; i++, j--) swap(this.data, i, j);
  }
}
