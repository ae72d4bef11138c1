// The raw decoder decodes its arguments' varints inline, for speed; here that
// copy is checked against the shared decodeUvarint on every length from 1 to
// 10 bytes, both sides of 2^53, 2^64-1, padded, cut and overflowing input.
import { encodeUvarint, uvarintEdgeCases } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { EV } from "../gen/events.gen.js";
import { TraceError } from "../errors/trace-error.js";
import { encodeHeader } from "./header.js";
import { RawDecoder } from "./raw-decoder.js";
import { decodeUvarint, type Uint64Halves, UVARINT_OVERFLOW, UVARINT_SHORT } from "./uvarint.js";

const CASES = uvarintEdgeCases();

const header = encodeHeader(26);

/** Decodes one GoStart whose first argument (dt) is `arg`; the event or the TraceError. */
function decodeGoStart(bytes: number[]): ReturnType<RawDecoder["next"]> | TraceError {
  const d = new RawDecoder();
  d.push(Uint8Array.from([...header, ...bytes]));
  d.finish();
  try {
    return d.next();
  } catch (e) {
    if (TraceError.isInstance(e)) return e;
    throw e;
  }
}

describe("RawDecoder's inline varints agree with decodeUvarint", () => {
  it("on value, width, padding and errors", () => {
    for (const c of CASES) {
      const label = c.map((b) => b.toString(16)).join(" ");
      const h: Uint64Halves = { lo: 0, hi: 0 };
      const q = decodeUvarint(Uint8Array.from(c), 0, c.length, h);
      const got = decodeGoStart([EV.GoStart, ...c, 0x07, 0x01]);
      if (q === UVARINT_OVERFLOW) {
        expect(TraceError.isInstance(got) && got.code, label).toBe("E_VARINT");
        expect((got as TraceError).offset, label).toBe(header.length + 1);
        continue;
      }
      expect(q, label).toBe(c.length);
      if (got === null || TraceError.isInstance(got)) throw new Error(`${label}: ${String(got)}`);
      expect([got.lo[0], got.hi[0], got.width[0]], label).toEqual([h.lo, h.hi, c.length]);
      expect(got.padded, label).toBe(c.length > 1 && c[c.length - 1] === 0);
      expect([got.lo[1], got.lo[2]], label).toEqual([7, 1]);
    }
  });

  it("on varints cut short: the shared decoder says SHORT, the raw decoder E_TRUNCATED", () => {
    for (const c of CASES) {
      for (let keep = 1; keep < c.length; keep++) {
        const cut = c.slice(0, keep);
        const q = decodeUvarint(Uint8Array.from(cut), 0, cut.length, { lo: 0, hi: 0 });
        const got = decodeGoStart([EV.GoStart, ...cut]);
        const label = `${cut.map((b) => b.toString(16)).join(" ")}`;
        if (q === UVARINT_SHORT) expect(TraceError.isInstance(got) && got.code, label).toBe("E_TRUNCATED");
        else expect(q, label).toBe(UVARINT_OVERFLOW);
      }
    }
  });

  it("on a data length (String's trailer), padded or not", () => {
    for (const c of [encodeUvarint(3n), encodeUvarint(3n, 1), encodeUvarint(3n, 8), encodeUvarint(0n, 9)]) {
      const length = Number(c.reduce((acc, b, i) => acc + BigInt(b & 0x7f) * 2n ** BigInt(7 * i), 0n));
      const got = decodeGoStart([EV.String, 0x01, ...c, ...Array.from({ length }, () => 0x61)]);
      if (got === null || TraceError.isInstance(got)) throw new Error(String(got));
      expect(got.data?.length).toBe(length);
      expect(got.dataLengthWidth).toBe(c.length);
      expect(got.padded).toBe(c.length > 1);
    }
  });
});
