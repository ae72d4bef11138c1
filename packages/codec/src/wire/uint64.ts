// 64-bit values as two uint32 halves. Numbers stay numbers while they are
// exact (below 2^53); 2^64-1, Go's NoThread/NoTask/NoProc sentinel, reads
// as -1 the way Go's int64 conversions make it; anything else needs BigInt.

/** 2^32: the weight of the high half of a 64-bit value held as two uint32 halves. */
export const TWO32 = 0x1_0000_0000;

/** The value as a number: exact below 2^53, -1 for 2^64-1, otherwise NaN. */
export function u64ToNumber(lo: number, hi: number): number {
  if (hi <= 0x1fffff) return hi * TWO32 + lo;
  if (hi === 0xffffffff && lo === 0xffffffff) return -1;
  return Number.NaN;
}

/** The unsigned value as Go's float64(uint64) gives it: exact below 2^53, rounded to nearest above. */
export function u64ToDouble(lo: number, hi: number): number {
  // hi * 2^32 is exact, so the one addition rounds once, as Go's conversion does.
  return hi * TWO32 + lo;
}

/** The unsigned 64-bit value `hi * 2^32 + lo` as an exact bigint. */
export function u64ToBigInt(lo: number, hi: number): bigint {
  return hi === 0 ? BigInt(lo) : (BigInt(hi) << 32n) | BigInt(lo);
}

/** Decimal text of the unsigned value, as Go prints a uint64. */
export function u64ToDecimal(lo: number, hi: number): string {
  if (hi <= 0x1fffff) return String(hi * TWO32 + lo);
  return u64ToBigInt(lo, hi).toString();
}

/** Bytes of the minimal uvarint encoding. */
export function uvarintSize(lo: number, hi: number): number {
  if (hi === 0) {
    if (lo < 0x80) return 1;
    if (lo < 0x4000) return 2;
    if (lo < 0x200000) return 3;
    if (lo < 0x10000000) return 4;
    return 5;
  }
  const bits = 64 - Math.clz32(hi);
  return Math.ceil(bits / 7);
}

/** Splits a number or bigint into halves; -1 (number or bigint) means 2^64-1. */
export function splitU64(value: number | bigint, out: { lo: number; hi: number }): boolean {
  if (typeof value === "number") {
    if (value === -1) {
      out.lo = 0xffffffff;
      out.hi = 0xffffffff;
      return true;
    }
    if (!Number.isSafeInteger(value) || value < 0) return false;
    out.lo = value >>> 0;
    out.hi = Math.floor(value / TWO32);
    return true;
  }
  let v = value;
  if (v === -1n) v = 0xffff_ffff_ffff_ffffn;
  if (v < 0n || v > 0xffff_ffff_ffff_ffffn) return false;
  out.lo = Number(v & 0xffffffffn);
  out.hi = Number(v >> 32n);
  return true;
}
