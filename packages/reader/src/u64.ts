// Wire arguments are uint64. Go reinterprets IDs as int64 (2^64-1 becomes -1,
// NoThread/NoProc/NoGoroutine) and compares everything with plain ==. Here a
// 64-bit value is kept in one canonical form: its int64 reading as a number
// when that is exact (|v| < 2^53, which is every realistic value and -1), and
// as a bigint otherwise. Because the form is canonical, === and Map keys
// behave exactly like Go's comparisons without any BigInt on the hot path.

import { TWO32 } from "@gotrace/codec/internal";

/** A 64-bit wire value: the int64 reading as a number when exact, else a bigint. */
export type U64 = number | bigint;

const TWO64 = 1n << 64n;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** The canonical U64 of the uint64 with 32-bit halves hi:lo. */
export function u64FromHalves(lo: number, hi: number): U64 {
  if (hi <= 0x1fffff) return hi * TWO32 + lo;
  if (hi >= 0x80000000) {
    // Negative as int64; exact while the magnitude stays below 2^53.
    const v = (hi - TWO32) * TWO32 + lo;
    if (v >= -MAX_SAFE) return v;
  }
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
}

/** The canonical U64 of any bigint, reduced modulo 2^64 first. */
export function u64FromBigInt(v: bigint): U64 {
  const s = BigInt.asIntN(64, v);
  return s >= -BigInt(MAX_SAFE) && s <= BigInt(MAX_SAFE) ? Number(s) : s;
}

/** The value as a signed int64 bigint (the codec's u64ToBigInt of halves is the unsigned reading). */
export function u64ToSignedBigInt(v: U64): bigint {
  return typeof v === "number" ? BigInt(v) : v;
}

/** Go's %d of the value as int64 (IDs: G, P, M). */
export function formatInt64(v: U64): string {
  return String(v);
}

/** Go's %d of the value as uint64 (task IDs, metric values, sequence numbers). */
export function formatUint64(v: U64): string {
  if (typeof v === "number") return v >= 0 ? String(v) : (BigInt(v) + TWO64).toString();
  return BigInt.asUintN(64, v).toString();
}

/** Lowercase hex of the value as uint64, without prefix (Go's %x). */
export function hexUint64(v: U64): string {
  if (typeof v === "number" && v >= 0) return v.toString(16);
  return BigInt.asUintN(64, u64ToSignedBigInt(v)).toString(16);
}

/** uint8(v): Go's conversion of a uint64 to a uint8-based enum (statuses). */
export function lowByte(v: U64): number {
  if (typeof v === "number") return ((v % 256) + 256) % 256;
  return Number(BigInt.asUintN(8, v));
}

/** v + 1 with uint64 wrap-around, canonical. */
export function u64Inc(v: U64): U64 {
  if (typeof v === "number" && v < MAX_SAFE) return v + 1;
  return u64FromBigInt(u64ToSignedBigInt(v) + 1n);
}

/** Whether `a` is exactly `b + 1` (uint64 arithmetic), i.e. Go's `a == b+1`. */
export function isSuccessor(a: U64, b: U64): boolean {
  if (typeof a === "number" && typeof b === "number" && b < MAX_SAFE) return a === b + 1;
  return a === u64Inc(b);
}

/**
 * The int64 reading as a JS number: exact for canonical numbers, rounded for
 * bigints. Unlike the codec's u64ToNumber of halves, which gives NaN for what
 * it cannot hold exactly, this always gives a number.
 */
export function u64ToRoundedNumber(v: U64): number {
  return typeof v === "number" ? v : Number(v);
}
