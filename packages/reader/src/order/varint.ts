// Slice uvarint decoding for the event loop (Go's binary.Uvarint: at most 10
// bytes, padding allowed, the 10th byte at most 1). Results go to module
// variables so that decoding allocates nothing.
//
// This mirrors the codec's decodeUvarint (@gotrace/codec/internal) for values
// of up to 7 bytes, summed in a double instead of two 32-bit halves: on 2
// million varints of up to 7 bytes (three runs each), going through
// decodeUvarint for them took 1.4x to 2x as long. Longer values do go through
// decodeUvarint. varint.test.ts checks the copies here against decodeUvarint
// on every length and edge value.
import { decodeUvarint, type Uint64Halves, u64ToDouble } from "@gotrace/codec/internal";
import { type U64, u64FromHalves } from "../u64.js";

/** The last value as an unsigned float64 (exact below 2^53, else rounded like Go's float64(uint64)). */
export let vNum = 0;
/** The last value in canonical U64 form (int64 reading). */
export let vU64: U64 = 0;

/**
 * Decodes a uvarint at data[p] (data ends at `end`). Returns the position after
 * it, or -1 if the bytes end first or the value overflows 64 bits.
 */
export function uvarintAt(data: Uint8Array, p: number, end: number): number {
  if (p >= end) return -1;
  let b = data[p]!;
  if (b < 0x80) {
    vNum = b;
    vU64 = b;
    return p + 1;
  }
  // Up to 7 bytes (49 bits) accumulate exactly in a double.
  let x = b & 0x7f;
  let mul = 128;
  for (let i = 1; i < 7; i++) {
    if (p + i >= end) return -1;
    b = data[p + i]!;
    if (b < 0x80) {
      x += b * mul;
      vNum = x;
      vU64 = x;
      return p + i + 1;
    }
    x += (b & 0x7f) * mul;
    mul *= 128;
  }
  return uvarintLong(data, p, end);
}

/** The halves of a long value (reused: no allocation per varint). */
const long: Uint64Halves = { lo: 0, hi: 0 };

/** The 8-to-10-byte case, through the shared decoder's 32-bit halves. */
function uvarintLong(data: Uint8Array, p: number, end: number): number {
  const q = decodeUvarint(data, p, end, long);
  if (q < 0) return -1;
  vNum = u64ToDouble(long.lo, long.hi);
  vU64 = u64FromHalves(long.lo, long.hi);
  return q;
}

/**
 * The uvarint of at most four bytes at data[q] (data[q..q+3] must exist), as
 * value << 2 | (length - 1), or -1 when it is longer. The cursor's fast path:
 * no bounds checks and no holder, so it stays its own copy of decodeUvarint;
 * varint.test.ts checks the two agree.
 */
export function varint4(data: Uint8Array, q: number): number {
  let b = data[q]!;
  if (b < 0x80) return b << 2;
  let v = b & 0x7f;
  b = data[q + 1]!;
  if (b < 0x80) return ((v | (b << 7)) << 2) | 1;
  v |= (b & 0x7f) << 7;
  b = data[q + 2]!;
  if (b < 0x80) return ((v | (b << 14)) << 2) | 2;
  v |= (b & 0x7f) << 14;
  b = data[q + 3]!;
  if (b < 0x80) return ((v | (b << 21)) << 2) | 3;
  return -1;
}
