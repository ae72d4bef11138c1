import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatFixed2 } from "./float.js";

const fromBits = (hex: string): number => {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
};

// "bits %.2f" lines printed by tools/unicode/oracles/float.go.txt.
const rows = readFileSync(new URL("./__fixtures__/float-fixed2.txt", import.meta.url), "utf8")
  .split("\n")
  .filter((l) => l.length > 0)
  .map((l) => {
    const [bits, want] = l.split(" ") as [string, string];
    return { bits, want };
  });

/**
 * Independent reference: exact rational arithmetic on the double's mantissa and exponent,
 * rounding half to even. Only for finite values.
 */
function referenceFixed2(x: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let exp = biased - 1075;
  if (biased === 0) exp = -1074;
  else mant |= 1n << 52n;
  // x = mant * 2^exp; we want round(x * 100).
  let num = mant * 100n;
  let hundredths: bigint;
  if (exp >= 0) {
    hundredths = num << BigInt(exp);
  } else {
    const den = 1n << BigInt(-exp);
    hundredths = num / den;
    const twiceRem = (num % den) * 2n;
    if (twiceRem > den || (twiceRem === den && hundredths % 2n === 1n)) hundredths++;
  }
  num = hundredths;
  const digits = num.toString().padStart(3, "0");
  return `${negative ? "-" : ""}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

describe("formatFixed2", () => {
  it("matches Go's %.2f on every oracle value", () => {
    expect(rows.length).toBeGreaterThan(5000);
    const mismatches = rows
      .map((r) => ({ bits: r.bits, want: r.want, got: formatFixed2(fromBits(r.bits)) }))
      .filter((r) => r.got !== r.want);
    expect(mismatches.slice(0, 10)).toEqual([]);
  });

  it("rounds exact ties to even, unlike Number.prototype.toFixed", () => {
    expect((0.125).toFixed(2)).toBe("0.13"); // the JS behaviour being corrected
    expect(formatFixed2(0.125)).toBe("0.12");
    expect(formatFixed2(0.375)).toBe("0.38");
    expect(formatFixed2(0.625)).toBe("0.62");
    expect(formatFixed2(-0.875)).toBe("-0.88");
    expect(formatFixed2(1234.625)).toBe("1234.62");
  });

  it("rounds decimal-looking ties by the binary value", () => {
    // 2.675 is stored as 2.67499999..., 1.005 as 1.00499999..., 12.345 as 12.3450000000000006...
    expect(formatFixed2(2.675)).toBe("2.67");
    expect(formatFixed2(1.005)).toBe("1.00");
    expect(formatFixed2(12.345)).toBe("12.35");
  });

  it("prints special values like Go", () => {
    expect(formatFixed2(Number.NaN)).toBe("NaN");
    expect(formatFixed2(Number.POSITIVE_INFINITY)).toBe("+Inf");
    expect(formatFixed2(Number.NEGATIVE_INFINITY)).toBe("-Inf");
    expect(formatFixed2(-0)).toBe("-0.00");
    expect(formatFixed2(0)).toBe("0.00");
    expect(formatFixed2(-0.001)).toBe("-0.00");
    expect(formatFixed2(1e21)).toBe("1000000000000000000000.00");
    expect(formatFixed2(5e-324)).toBe("0.00");
  });

  it("agrees with exact rational rounding on random doubles of every magnitude", () => {
    let x = 0x9e3779b9;
    const next = (): number => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      return x;
    };
    const view = new DataView(new ArrayBuffer(8));
    const mismatches: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      // Exponents concentrated where two decimals matter (2^-20 .. 2^80), mantissas random.
      const exp = 1023 - 20 + (next() % 100);
      view.setUint32(0, ((next() & 1) << 31) | (exp << 20) | (next() & 0xfffff));
      view.setUint32(4, next());
      const v = view.getFloat64(0);
      if (formatFixed2(v) !== referenceFixed2(v)) mismatches.push(String(v));
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
  });
});
