// uint64 values of the v1 format. They are kept in the same canonical form as
// the rest of the reader (src/u64.ts): Go's int64 reading of the value, as a
// number when that is exact and as a bigint otherwise. So 2^64-1 (Go's
// "none", and the parser's `unordered`/`noseq` sentinels) is -1 and 2^64-2 is
// -2, === and Map keys compare like Go's ==, and no BigInt is made for the
// small values of real traces. Timestamps in ticks are plain bigints.

import type { U64 } from "../u64.js";

export type { U64 } from "../u64.js";
// The canonical forms are the reader's own; u64Num is the v1 parser's name for u64FromHalves.
export { u64FromHalves as u64Num, u64FromBigInt, u64Inc } from "../u64.js";

/** A uint64 given as halves, reinterpreted as Go's int64. */
export function u64Int64(lo: number, hi: number): bigint {
  return BigInt.asIntN(64, u64Big(lo, hi));
}

/** A uint64 given as halves, as an unsigned BigInt (the fast path avoids the shift for small values). */
export function u64Big(lo: number, hi: number): bigint {
  return hi === 0 ? BigInt(lo) : (BigInt(hi) << 32n) | BigInt(lo);
}

/** The value as an unsigned BigInt (for overflow checks). */
export function numToU64(v: U64): bigint {
  return BigInt.asUintN(64, typeof v === "number" ? BigInt(v) : v);
}

/** Go's %d of a uint64. */
export function u64Decimal(v: U64): string {
  return typeof v === "number" && v >= 0 ? String(v) : numToU64(v).toString();
}

/** Go's uint32(x) of a uint64. */
export function u64ToU32(v: U64): number {
  return Number(BigInt.asUintN(32, typeof v === "number" ? BigInt(v) : v));
}

/** Orders U64 values as int64 (mixed number/bigint comparison is exact in JS). */
export function compareU64(a: U64, b: U64): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Go's %d of an int64 held as an integral number (exact even beyond 2^53). */
export function i64Decimal(n: number): string {
  return Number.isSafeInteger(n) ? String(n) : BigInt(n).toString();
}
