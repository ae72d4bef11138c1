// Varint test vectors, made independently of any decoder under test (BigInt
// arithmetic only), for every copy of the uvarint decoding loop: the codec's
// shared decodeUvarint, the raw decoder's inline copy and the reader's.

/** Minimal LEB128 bytes of v, then `pad` zero groups (the way Go's runtime pads). */
export function encodeUvarint(v: bigint, pad = 0): number[] {
  const out: number[] = [];
  let x = v;
  do {
    out.push(Number(x & 0x7fn));
    x >>= 7n;
  } while (x > 0n);
  for (let i = 0; i < pad; i++) out.push(0);
  for (let i = 0; i < out.length - 1; i++) out[i] = (out[i] as number) | 0x80;
  return out;
}

/**
 * Encoded varints on every edge a decoder can get wrong: both ends of every length from 1 to 10
 * bytes, both sides of 2^53, 2^63, 2^64-2 and 2^64-1, padded forms up to 10 bytes, and three
 * 10-byte inputs that overflow 64 bits or run past 10 bytes.
 */
export function uvarintEdgeCases(): number[][] {
  const cases: number[][] = [];
  for (let bytes = 1; bytes <= 10; bytes++) {
    const top = 2n ** BigInt(7 * bytes);
    for (const v of [top / 128n, top - 1n, top]) if (v < 2n ** 64n) cases.push(encodeUvarint(v));
  }
  for (const v of [2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 63n, 2n ** 64n - 2n, 2n ** 64n - 1n]) {
    cases.push(encodeUvarint(v));
  }
  for (const v of [0n, 300n, 2n ** 28n - 1n, 2n ** 35n]) {
    for (let pad = 1; encodeUvarint(v).length + pad <= 10; pad++) cases.push(encodeUvarint(v, pad));
  }
  const nines = Array.from({ length: 9 }, () => 0xff);
  cases.push([...nines, 0x02], [...nines, 0x80, 0x00], [...nines, 0x01]);
  return cases;
}
