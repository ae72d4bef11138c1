// Tick → nanosecond conversion of the v1 parser: float64((ts - minTs)) *
// (1e9 / ticksPerSec), truncated to int64 the way amd64 does it (values that
// do not fit, and NaN, become -2^63).

const MIN_INT64 = -(2 ** 63);

/** Go's int64(f) on amd64. */
export function goFloatToInt64(f: number): number {
  if (!(f >= MIN_INT64 && f < 2 ** 63)) return MIN_INT64;
  // + 0 turns -0 into 0.
  return Math.trunc(f) + 0;
}

/** Nanoseconds of `ts` after `minTs`, both in ticks (Go's int64 difference, then float). */
export function ticksToNs(ts: bigint, minTs: bigint, nsPerTick: number): number {
  // Number(bigint) rounds to nearest-even, as Go's float64(int64) does.
  return goFloatToInt64(Number(BigInt.asIntN(64, ts - minTs)) * nsPerTick);
}
