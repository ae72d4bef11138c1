import { describe, expect, it } from "vitest";
import { ProtoWriter } from "./proto-writer.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("ProtoWriter", () => {
  it("writes varints at the 7-bit boundaries and past 32 bits", () => {
    // Field 1, wire type 0 → tag 0x08.
    expect(hex(new ProtoWriter().uint(1, 1).finish())).toBe("0801");
    expect(hex(new ProtoWriter().uint(1, 127).finish())).toBe("087f");
    expect(hex(new ProtoWriter().uint(1, 128).finish())).toBe("088001");
    expect(hex(new ProtoWriter().uint(1, 300).finish())).toBe("08ac02");
    expect(hex(new ProtoWriter().uint(1, 2 ** 32).finish())).toBe("088080808010");
    expect(hex(new ProtoWriter().uint(1, 2 ** 53 - 1).finish())).toBe("08ffffffffffffff0f");
  });

  it("omits zero scalars but keeps empty strings", () => {
    expect(new ProtoWriter().uint(1, 0).bool(2, false).int64(3, 0n).packed(4, []).finish()).toHaveLength(0);
    expect(hex(new ProtoWriter().string(6, "").finish())).toBe("3200");
  });

  it("writes int64 from bigints, negatives as ten-byte two's complement", () => {
    // Field 9 → tag 0x48; value computed independently (Python).
    expect(hex(new ProtoWriter().int64(9, 1_735_689_600_123_456_789n).finish())).toBe("48959acbbdec8f9a8b18");
    expect(hex(new ProtoWriter().int64(1, 150n).finish())).toBe("089601");
    expect(hex(new ProtoWriter().int64(1, -1n).finish())).toBe("08ffffffffffffffffff01");
    expect(() => new ProtoWriter().int64(1, 2n ** 63n)).toThrow(RangeError);
  });

  it("writes packed repeated varints and embedded messages", () => {
    // Field 2, wire type 2 → tag 0x12; payload 01 96 01.
    expect(hex(new ProtoWriter().packed(2, [1, 150]).finish())).toBe("1203019601");
    expect(hex(new ProtoWriter().message(3, (m) => m.uint(1, 150)).finish())).toBe("1a03089601");
    expect(hex(new ProtoWriter().message(3, () => {}).finish())).toBe("1a00");
  });

  it("writes strings as UTF-8", () => {
    expect(hex(new ProtoWriter().string(1, "é✓").finish())).toBe("0a05c3a9e29c93");
  });

  it("rejects numbers it cannot write exactly", () => {
    for (const bad of [-1, 0.5, 2 ** 53, Number.NaN]) expect(() => new ProtoWriter().uint(1, bad)).toThrow(RangeError);
  });

  it("grows past its initial buffer", () => {
    const big = new Uint8Array(10_000).fill(7);
    const out = new ProtoWriter().bytes(1, big).finish();
    expect(out).toHaveLength(10_003);
    expect(out.subarray(3)).toEqual(big);
  });
});
