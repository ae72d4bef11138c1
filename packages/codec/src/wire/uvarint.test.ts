// The shared wire primitives on their edge cases, against an independent
// BigInt encoder: every length from 1 to 10 bytes, both sides of 2^32 and
// 2^53, 2^64-1, padded encodings, and the two ways a varint can fail.
import { encodeUvarint } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { TWO32, u64ToDouble, u64ToNumber } from "./uint64.js";
import { decodeUvarint, MAX_UVARINT_BYTES, type Uint64Halves, UVARINT_OVERFLOW, UVARINT_SHORT } from "./uvarint.js";

/** Values at every byte-length boundary, around 2^32 and 2^53, and the top of the range. */
const EDGES: bigint[] = [0n, 1n, 127n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n];
for (let bytes = 1; bytes <= 10; bytes++) {
  const top = 2n ** BigInt(7 * bytes);
  if (top <= 2n ** 64n) EDGES.push(top - 1n);
  if (top < 2n ** 64n) EDGES.push(top);
}
EDGES.push(2n ** 63n, 2n ** 64n - 2n, 2n ** 64n - 1n);

const halves = (): Uint64Halves => ({ lo: -1, hi: -1 });
const bigOf = (h: Uint64Halves): bigint => (BigInt(h.hi) << 32n) | BigInt(h.lo);

describe("decodeUvarint", () => {
  it("decodes every length from 1 to 10 bytes exactly, at any position", () => {
    const lengths = new Set<number>();
    for (const v of EDGES) {
      const bytes = encodeUvarint(v);
      lengths.add(bytes.length);
      const data = Uint8Array.from([0xff, ...bytes, 0xff]);
      const out = halves();
      expect(decodeUvarint(data, 1, data.length, out), String(v)).toBe(1 + bytes.length);
      expect(bigOf(out), String(v)).toBe(v);
      expect(out.lo >= 0 && out.lo < TWO32 && out.hi >= 0 && out.hi < TWO32, String(v)).toBe(true);
    }
    expect([...lengths].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("reads padded encodings up to 10 bytes, as Go's runtime writes them", () => {
    for (const v of [0n, 5n, 300n, 2n ** 35n]) {
      const minimal = encodeUvarint(v).length;
      for (let pad = 1; minimal + pad <= MAX_UVARINT_BYTES; pad++) {
        const data = Uint8Array.from(encodeUvarint(v, pad));
        const out = halves();
        expect(decodeUvarint(data, 0, data.length, out)).toBe(data.length);
        expect(bigOf(out)).toBe(v);
      }
    }
  });

  it("says SHORT when the bytes end first, at the varint's start or inside it", () => {
    const out = halves();
    expect(decodeUvarint(new Uint8Array(0), 0, 0, out)).toBe(UVARINT_SHORT);
    const max = Uint8Array.from(encodeUvarint(2n ** 64n - 1n));
    for (let end = 0; end < max.length; end++)
      expect(decodeUvarint(max, 0, end, out), `end ${end}`).toBe(UVARINT_SHORT);
    // `end` bounds the read even when the array goes on.
    expect(decodeUvarint(Uint8Array.of(0x80, 0x01), 0, 1, out)).toBe(UVARINT_SHORT);
    expect(out).toEqual({ lo: -1, hi: -1 }); // a failed read leaves the holder alone
  });

  it("says OVERFLOW for a 10th byte above 1, whether or not more bytes follow (Go's ReadUvarint)", () => {
    const out = halves();
    const nine = Array.from({ length: 9 }, () => 0xff);
    for (const tenth of [0x02, 0x7f, 0x80, 0x81, 0xff]) {
      expect(decodeUvarint(Uint8Array.from([...nine, tenth]), 0, 10, out), `0x${tenth.toString(16)}`).toBe(
        UVARINT_OVERFLOW,
      );
      expect(decodeUvarint(Uint8Array.from([...nine, tenth, 0x00]), 0, 11, out)).toBe(UVARINT_OVERFLOW);
    }
    // 2^64-1 itself is the largest value that fits: 10th byte exactly 1.
    expect(decodeUvarint(Uint8Array.from([...nine, 0x01]), 0, 10, out)).toBe(10);
    expect(bigOf(out)).toBe(2n ** 64n - 1n);
  });
});

describe("64-bit helpers", () => {
  it("TWO32 is 2^32", () => {
    expect(TWO32).toBe(2 ** 32);
  });

  it("u64ToDouble rounds like Go's float64(uint64), u64ToNumber refuses what is not exact", () => {
    for (const v of EDGES) {
      const lo = Number(v & 0xffffffffn);
      const hi = Number(v >> 32n);
      // Number(bigint) rounds to nearest, ties to even: what float64(uint64) does.
      expect(u64ToDouble(lo, hi), String(v)).toBe(Number(v));
      const exact = v <= 2n ** 53n - 1n ? Number(v) : v === 2n ** 64n - 1n ? -1 : Number.NaN;
      expect(u64ToNumber(lo, hi), String(v)).toBe(exact);
    }
  });
});
