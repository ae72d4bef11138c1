// Decimal uint64 values as Go's strconv.ParseUint(s, 10, 64) reads them,
// and the number-or-bigint form a RawEventRecord holds them in.

/** Go's strconv.ErrSyntax text: not a decimal number. */
export const SYNTAX = "invalid syntax";
/** Go's strconv.ErrRange text: above 2^64-1. */
export const RANGE = "value out of range";
/** Why a decimal value was refused, as Go's strconv error text. */
export type ParseUintFailure = typeof SYNTAX | typeof RANGE;

const MAX_U64 = 0xffff_ffff_ffff_ffffn;
/** The smallest value that overflows when multiplied by ten. */
const CUTOFF = MAX_U64 / 10n + 1n;
/** Up to this many digits always fit in a number exactly (10^15 < 2^53). */
const SAFE_DIGITS = 15;

/**
 * Parses s like strconv.ParseUint(s, 10, 64): ASCII digits only (no sign,
 * no underscore, no prefix), leading zeros allowed. Returns the value, or
 * the failure Go reports. Go scans left to right and stops at the first
 * problem, so "99999999999999999999x" is out of range while
 * "1x99999999999999999999" is a syntax error; this keeps that order.
 */
export function parseUint10(s: string): bigint | ParseUintFailure {
  if (s.length === 0) return SYNTAX;
  let n = 0n;
  for (let i = 0; i < s.length; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return SYNTAX;
    if (n >= CUTOFF) return RANGE;
    n = n * 10n + BigInt(d);
    if (n > MAX_U64) return RANGE;
  }
  return n;
}

/**
 * Parses a decimal uint64 (s[start:end]) into a record value: a number below 2^53, -1 for
 * 2^64-1, a bigint otherwise (the representation RawEvent.clone uses).
 * Returns undefined when Go's ParseUint would fail.
 */
export function parseRecordValue(s: string, start = 0, end = s.length): number | bigint | undefined {
  const len = end - start;
  if (len > 0 && len <= SAFE_DIGITS) {
    // Fast path for the usual short values: no slicing, no bigint arithmetic.
    let n = 0;
    for (let i = start; i < end; i++) {
      const d = s.charCodeAt(i) - 0x30;
      if (d < 0 || d > 9) return undefined;
      n = n * 10 + d;
    }
    return n;
  }
  const v = parseUint10(s.slice(start, end));
  return typeof v === "bigint" ? toRecordValue(v) : undefined;
}

const TWO53 = 1n << 53n;

/** A uint64 as RawEventRecord holds it: number below 2^53, -1 for 2^64-1, else bigint. */
export function toRecordValue(v: bigint): number | bigint {
  if (v < TWO53) return Number(v);
  if (v === MAX_U64) return -1;
  return v;
}

/** The decimal text Go prints for a record value (-1 is 2^64-1). */
export function recordValueDecimal(v: number | bigint): string {
  if (v === -1 || v === -1n) return "18446744073709551615";
  return String(v);
}
