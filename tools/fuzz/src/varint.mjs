// uvarints (LEB128, as Go's encoding/binary reads them) in the shapes the
// fuzzer writes: minimal, padded to any width up to 10 bytes, and the two
// malformed shapes Go refuses (11 bytes, or a 10th byte above 1).

/** The minimal encoding of v (a bigint in [0, 2^64)). */
export function encodeUvarint(v) {
  const out = [];
  let x = BigInt.asUintN(64, v);
  while (x >= 0x80n) {
    out.push(Number(x & 0x7fn) | 0x80);
    x >>= 7n;
  }
  out.push(Number(x));
  return Uint8Array.from(out);
}

/** v encoded in exactly `width` bytes (continuation bits on every byte but the last). */
export function encodePadded(v, width) {
  const min = encodeUvarint(v);
  if (width <= min.length) return min;
  const out = new Uint8Array(width);
  out.set(min);
  for (let i = 0; i < width - 1; i++) out[i] |= 0x80;
  return out;
}

/** An 11-byte varint: the 10th byte still has its continuation bit (Go: overflow). */
export function encodeOverlong(v) {
  const out = new Uint8Array(11);
  out.set(encodePadded(v, 10));
  out[9] |= 0x80;
  out[10] = 0;
  return out;
}

/** A 10-byte varint whose last byte is above 1: more than 64 bits (Go: overflow). */
export function encodeOverflowing(v) {
  const out = encodePadded(v, 10);
  out[9] = 0x02 | (out[9] & 0x7e);
  return out;
}

/** Reads a uvarint at `at`: { value (bigint), width }, or null when it runs off the end or past 10 bytes. */
export function decodeUvarint(bytes, at) {
  let v = 0n;
  for (let i = 0; i < 10 && at + i < bytes.length; i++) {
    const b = bytes[at + i];
    v |= BigInt(b & 0x7f) << BigInt(7 * i);
    if ((b & 0x80) === 0) return { value: v, width: i + 1 };
  }
  return null;
}
