// Slice uvarint decoding for the event loop (Go's binary.Uvarint: at most 10
// bytes, padding allowed, the 10th byte at most 1). Results go to module
// variables so that decoding allocates nothing.
import { type U64, u64FromHalves } from "../u64.js";

/** The last value as an unsigned float64 (exact below 2^53, else rounded like Go's float64(uint64)). */
export let vNum = 0;
/** The last value in canonical U64 form (int64 reading). */
export let vU64: U64 = 0;

const TWO32 = 0x1_0000_0000;

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

/** The 8-to-10-byte case, through 32-bit halves. */
function uvarintLong(data: Uint8Array, p: number, end: number): number {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < 10; i++) {
    if (p + i >= end) return -1;
    const b = data[p + i]!;
    if (i === 9 && b > 1) return -1;
    const v = b & 0x7f;
    const shift = 7 * i;
    if (shift < 28) lo |= v << shift;
    else if (shift === 28) {
      lo |= (v & 0x0f) << 28;
      hi |= v >>> 4;
    } else hi |= v << (shift - 32);
    if (b < 0x80) {
      lo >>>= 0;
      hi >>>= 0;
      vNum = hi * TWO32 + lo;
      vU64 = u64FromHalves(lo, hi);
      return p + i + 1;
    }
  }
  return -1;
}
