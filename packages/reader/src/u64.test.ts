import { describe, expect, it } from "vitest";
import { formatUint64, hexUint64, isSuccessor, lowByte, u64FromHalves, u64Inc } from "./u64.js";

describe("U64", () => {
  it("keeps exact values as numbers and -1 for 2^64-1", () => {
    expect(u64FromHalves(5, 0)).toBe(5);
    expect(u64FromHalves(0xffffffff, 0x1fffff)).toBe(Number.MAX_SAFE_INTEGER);
    expect(u64FromHalves(0xffffffff, 0xffffffff)).toBe(-1);
    expect(u64FromHalves(0, 0x200000)).toBe(2n ** 53n);
    expect(u64FromHalves(0, 0x80000000)).toBe(-(2n ** 63n));
  });

  it("prints uint64 like Go's %d and %x", () => {
    expect(formatUint64(-1)).toBe("18446744073709551615");
    expect(formatUint64(2n ** 53n)).toBe("9007199254740992");
    expect(hexUint64(0x1235)).toBe("1235");
    expect(hexUint64(-1)).toBe("ffffffffffffffff");
  });

  it("does uint64 successor arithmetic with wrap-around", () => {
    expect(isSuccessor(2, 1)).toBe(true);
    expect(isSuccessor(0, -1)).toBe(true); // 2^64-1 + 1 wraps to 0
    expect(u64Inc(Number.MAX_SAFE_INTEGER)).toBe(2n ** 53n);
    expect(isSuccessor(2n ** 53n, Number.MAX_SAFE_INTEGER)).toBe(true);
  });

  it("truncates to uint8 like Go's status conversions", () => {
    expect(lowByte(69)).toBe(69);
    expect(lowByte(258)).toBe(2);
    expect(lowByte(-1)).toBe(255);
    expect(lowByte(2n ** 60n + 3n)).toBe(3);
  });
});
