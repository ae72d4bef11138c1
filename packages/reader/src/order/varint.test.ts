// The event loop's own varint copies (uvarintAt's double sum, the cursor's
// varint4) against the codec's shared decodeUvarint, on every length from 1
// to 10 bytes, both sides of 2^53, 2^64-1, padded, cut and overflowing input.
import { decodeUvarint, type Uint64Halves, UVARINT_SHORT } from "@gotrace/codec/internal";
import { uvarintEdgeCases } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { u64FromHalves } from "../u64.js";
import { uvarintAt, varint4, vNum, vU64 } from "./varint.js";

const CASES = uvarintEdgeCases();

const shared = (bytes: Uint8Array, end: number): { q: number; h: Uint64Halves } => {
  const h = { lo: 0, hi: 0 };
  return { q: decodeUvarint(bytes, 0, end, h), h };
};

describe("the event loop's varint copies agree with decodeUvarint", () => {
  it("uvarintAt: position, float64 value and canonical U64", () => {
    for (const c of CASES) {
      for (let end = 0; end <= c.length; end++) {
        const bytes = Uint8Array.from([...c, 0x7f]); // a byte after `end` must not be read
        const { q, h } = shared(bytes, end);
        const label = `${c.map((b) => b.toString(16)).join(" ")} end ${end}`;
        const got = uvarintAt(bytes, 0, end);
        expect(got, label).toBe(q < 0 ? -1 : q);
        if (q < 0) continue;
        expect(vNum, label).toBe(h.hi * 2 ** 32 + h.lo);
        expect(vU64, label).toBe(u64FromHalves(h.lo, h.hi));
      }
    }
  });

  it("varint4: value and length up to four bytes, -1 beyond", () => {
    for (const c of CASES) {
      // varint4 may read four bytes past its start without checking.
      const bytes = Uint8Array.from([...c, 0, 0, 0, 0]);
      const { q, h } = shared(bytes, c.length);
      const label = c.map((b) => b.toString(16)).join(" ");
      const r = varint4(bytes, 0);
      if (q !== UVARINT_SHORT && q >= 0 && q <= 4) {
        expect(r >>> 2, label).toBe(h.lo);
        expect((r & 3) + 1, label).toBe(q);
      } else {
        expect(r, label).toBe(-1);
      }
    }
  });
});
