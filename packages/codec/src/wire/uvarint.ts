// Go's unsigned varints, decoded once for every package: seven bits a byte,
// least significant group first, at most 10 bytes, padding (zero groups after
// the value) allowed, and the 10th byte at most 1 (encoding/binary's
// ReadUvarint). Values go to a caller's reused holder as two uint32 halves,
// so decoding allocates nothing and 64-bit values stay exact.

/** Where decodeUvarint writes a value: its low and high 32 bits, each unsigned. */
export interface Uint64Halves {
  lo: number;
  hi: number;
}

/** The longest uvarint Go reads, in bytes (binary.MaxVarintLen64). */
export const MAX_UVARINT_BYTES = 10;
/** decodeUvarint's result when the bytes end before the varint does. */
export const UVARINT_SHORT = -1;
/** decodeUvarint's result for a value above 2^64-1 (Go's "varint overflows a 64-bit integer"). */
export const UVARINT_OVERFLOW = -2;

/**
 * Decodes the uvarint at data[p] (the bytes end at `end`) into `out`. Returns
 * the position after it, or UVARINT_SHORT when the bytes end first, or
 * UVARINT_OVERFLOW when the 10th byte is above 1 (as Go's ReadUvarint, which
 * fails there whether or not more bytes follow).
 */
export function decodeUvarint(data: Uint8Array, p: number, end: number, out: Uint64Halves): number {
  let lo = 0;
  let hi = 0;
  for (let shift = 0; ; shift += 7) {
    if (p >= end) return UVARINT_SHORT;
    const b = data[p++] as number;
    if (shift === 63 && b > 1) return UVARINT_OVERFLOW;
    const v = b & 0x7f;
    if (shift < 28) lo |= v << shift;
    else if (shift === 28) {
      lo |= (v & 0x0f) << 28;
      hi = v >>> 4;
    } else hi |= v << (shift - 32);
    if (b < 0x80) {
      out.lo = lo >>> 0;
      out.hi = hi >>> 0;
      return p;
    }
  }
}
