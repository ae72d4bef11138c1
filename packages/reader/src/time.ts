// Trace clock ticks to nanoseconds, as Go's reader does it (base.go): a float64
// nanoseconds-per-tick factor, one multiplication per value, truncation toward
// zero, and amd64's conversion of anything out of int64 range (Inf, NaN, huge)
// to -2^63.
//
// Times are int64 nanoseconds. The reader keeps them as JS numbers relative to
// one per-trace BigInt base (see TimeFrame): exact while a trace spans less
// than 2^53 ns (104 days), however large the absolute clock is.

/** Go's int64(float64) on amd64 for out-of-range values: 0x8000000000000000. */
export const INT64_MIN_NUMBER = -(2 ** 63);
const TWO63 = 2 ** 63;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Go's `1.0 / (float64(freq) / 1e9)`: nanoseconds per tick (Inf for freq 0). */
export function nsPerTick(freqTicksPerSecond: number): number {
  return 1.0 / (freqTicksPerSecond / 1e9);
}

/**
 * Go's `Time(float64(ticks) * nsPerTick)`: `ticks` is the tick count already
 * rounded to float64 (as Go's uint64 → float64 conversion rounds). The result
 * is an integral number, or -2^63 where amd64 gives the "integer indefinite".
 */
export function convTicks(ticks: number, perTick: number): number {
  const r = Math.trunc(ticks * perTick);
  // NaN fails both comparisons, so test the in-range case positively.
  if (r < TWO63 && r >= INT64_MIN_NUMBER) return r;
  return INT64_MIN_NUMBER;
}

/**
 * Where times are measured from: absolute int64 time = base + offset. The base
 * is chosen when the first generation is installed; it is 0 unless the trace
 * clock is beyond 2^52 ns, so for most traces offsets are absolute times.
 */
export class TimeFrame {
  /** The base as a bigint (absolute time of offset 0). */
  base = 0n;
  /** The base as a number (exact: it is always a converted float64). */
  baseNumber = 0;

  private chosen = false;

  /** Picks the base from the first converted time of the trace (an integral float64); later calls do nothing. */
  setBase(firstTime: number): void {
    if (this.chosen) return;
    this.chosen = true;
    if (firstTime === INT64_MIN_NUMBER || Math.abs(firstTime) < 2 ** 52) return;
    this.base = BigInt(firstTime);
    this.baseNumber = firstTime;
  }

  /** The offset of an absolute time given as an integral float64 (a converted value). */
  offsetOf(absolute: number): number {
    if (this.baseNumber === 0) return absolute;
    return Number(BigInt(absolute) - this.base);
  }

  /** The offset that means absolute time 0 (Go's "unset" lastTs in a batch cursor). */
  get zeroOffset(): number {
    return -this.baseNumber;
  }

  /**
   * Brings an offset back into int64 range after an addition that may have
   * left it (Go's int64 addition wraps). Offsets within ±2^53 are returned as is.
   */
  wrap(offset: number): number {
    if (offset <= MAX_SAFE && offset >= -MAX_SAFE) return offset;
    const abs = BigInt.asIntN(64, this.base + BigInt(offset));
    return Number(abs - this.base);
  }

  /** The exact absolute int64 time of an offset. */
  absolute(offset: number): bigint {
    if (this.baseNumber === 0 && Number.isSafeInteger(offset)) return BigInt(offset);
    return BigInt.asIntN(64, this.base + BigInt(offset));
  }

  /** Go's %d of the absolute time of an offset. */
  format(offset: number): string {
    if (this.baseNumber === 0 && Number.isSafeInteger(offset)) return String(offset);
    return this.absolute(offset).toString();
  }
}
