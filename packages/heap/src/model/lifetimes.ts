// Lifetimes of freed objects. Per type a log histogram with four buckets per
// doubling (a quantile is reported as its bucket's upper bound, at most 25%
// above the true value; memory fixed per type), plus the report's coarse
// histogram in powers of four from 1 µs, which is exact per object: it is
// added up from the fine one at the end, since a coarse bound falls inside
// at most one fine bucket, and those buckets count which side of it each
// lifetime fell (a compare per free instead of a division and a count).

const QUARTER_BUCKETS = 4 * 64;
export const COARSE_UPPER_NS: readonly number[] = Array.from({ length: 13 }, (_, i) => 1000 * 4 ** i);

/**
 * Bucket 4e + f holds lifetimes in [2^e × (1 + f/4), 2^e × (1 + (f+1)/4)):
 * the exponent and the two bits after the leading one, without a logarithm.
 */
export function quarterBucket(ns: number): number {
  if (ns < 4) return ns <= 0 ? 0 : 4 * Math.floor(ns / 2);
  let v = ns;
  let e = 0;
  if (v >= 0x80000000) {
    e = Math.floor(Math.log2(v)) - 30;
    v = Math.floor(v / 2 ** e);
  } else v = Math.floor(v);
  const top = 31 - Math.clz32(v);
  const b = 4 * (top + e) + ((v >>> (top - 2)) & 3);
  return b < QUARTER_BUCKETS ? b : QUARTER_BUCKETS - 1;
}

/** The smallest lifetime of bucket b (its lower bound). */
function quarterLower(b: number): number {
  const e = b >> 2;
  return 2 ** e * (1 + (b & 3) / 4);
}

export class TypeLifetimes {
  readonly hist = new Int32Array(QUARTER_BUCKETS);
  /** Per fine bucket a coarse bound splits (COARSE_SPLIT_NS): how many of its lifetimes were above the bound. */
  readonly aboveCoarseSplit = new Int32Array(QUARTER_BUCKETS);
  freed = 0;
  maxNs = 0;
  cyclesSurvived = 0;

  add(ns: number, cycles: number): void {
    const b = quarterBucket(ns);
    this.addBucket(b, cycles);
    if (ns > (COARSE_SPLIT_NS[b] as number)) this.aboveCoarseSplit[b] = (this.aboveCoarseSplit[b] as number) + 1;
    if (ns > this.maxNs) this.maxNs = ns;
  }

  /** add() with the bucket already found (the caller keeps the lifetime, and updates maxNs and aboveCoarseSplit). */
  addBucket(b: number, cycles: number): void {
    this.hist[b] = (this.hist[b] as number) + 1;
    this.freed++;
    this.cyclesSurvived += cycles;
  }

  /** The q-quantile's bucket upper bound in ns (never above the maximum seen). */
  quantile(q: number): number {
    if (this.freed === 0) return 0;
    const want = Math.ceil(q * this.freed);
    let seen = 0;
    for (let b = 0; b < QUARTER_BUCKETS; b++) {
      seen += this.hist[b] as number;
      if (seen >= want) return Math.min(this.maxNs, Math.round(quarterLower(b + 1)));
    }
    return this.maxNs;
  }
}

/** Bucket k > 0 holds (1000 × 4^(k-1), 1000 × 4^k] ns: k = 1 + floor(log4(ceil(ns/1000) - 1)). */
export function coarseBucket(ns: number): number {
  const c = Math.ceil(ns / 1000) - 1;
  const b = c <= 0 ? 0 : c >= 0x80000000 ? COARSE_UPPER_NS.length : 1 + ((31 - Math.clz32(c)) >> 1);
  return Math.min(b, COARSE_UPPER_NS.length);
}

/**
 * Per fine bucket: the coarse bucket of its shortest lifetimes, and the
 * coarse bound inside it (lifetimes above it belong to the next coarse
 * bucket), or Infinity when no bound falls inside.
 */
export const COARSE_BASE = new Uint8Array(QUARTER_BUCKETS);
export const COARSE_SPLIT_NS = new Float64Array(QUARTER_BUCKETS);
for (let b = 0; b < QUARTER_BUCKETS; b++) {
  // Bucket 0 also takes everything below 2 ns (no bound is that small); the last one is open above.
  const lo = b === 0 ? Number.NEGATIVE_INFINITY : quarterLower(b);
  const hi = b === 0 ? 2 : b === QUARTER_BUCKETS - 1 ? Number.POSITIVE_INFINITY : quarterLower(b + 1);
  COARSE_BASE[b] = COARSE_UPPER_NS.filter((t) => t < lo).length;
  COARSE_SPLIT_NS[b] = COARSE_UPPER_NS.find((t) => t >= lo && t < hi) ?? Number.POSITIVE_INFINITY;
}

/** The coarse histogram (bucket k as coarseBucket numbers it) of the lifetimes in all the given fine ones. */
export function coarseCounts(perType: readonly (TypeLifetimes | undefined)[]): number[] {
  const counts = new Array<number>(COARSE_UPPER_NS.length + 1).fill(0);
  for (const lt of perType) {
    if (lt === undefined) continue;
    for (let b = 0; b < QUARTER_BUCKETS; b++) {
      const n = lt.hist[b] as number;
      if (n === 0) continue;
      const above = lt.aboveCoarseSplit[b] as number;
      const k = COARSE_BASE[b] as number;
      counts[k] = (counts[k] as number) + n - above;
      if (above > 0) counts[k + 1] = (counts[k + 1] as number) + above;
    }
  }
  return counts;
}
