import { describe, expect, it } from "vitest";
import { INT64_MIN_NUMBER, TimeFrame, convTicks, nsPerTick } from "./time.js";

describe("tick conversion", () => {
  it("converts each value with one float64 multiplication, truncating", () => {
    // freq 3 ticks/s (brief §2.7): 15 ticks → 5e9 ns, 1 tick → 333333333 ns.
    const f = nsPerTick(3);
    expect(convTicks(15, f)).toBe(5_000_000_000);
    expect(convTicks(1, f)).toBe(333_333_333);
    expect(convTicks(10, nsPerTick(15_625_000))).toBe(640);
  });

  it("gives -2^63 where amd64 does (freq 0: Inf and NaN)", () => {
    const f = nsPerTick(0);
    expect(f).toBe(Number.POSITIVE_INFINITY);
    expect(convTicks(5, f)).toBe(INT64_MIN_NUMBER);
    expect(convTicks(0, f)).toBe(INT64_MIN_NUMBER);
    expect(convTicks(2 ** 64, 1)).toBe(INT64_MIN_NUMBER);
  });
});

describe("TimeFrame", () => {
  it("measures from 0 for ordinary clocks", () => {
    const tf = new TimeFrame();
    tf.setBase(245_090_948_672);
    expect(tf.offsetOf(245_090_948_672)).toBe(245_090_948_672);
    expect(tf.format(12)).toBe("12");
  });

  it("stays exact past 2^53 with a base", () => {
    const tf = new TimeFrame();
    const t0 = 2 ** 60;
    tf.setBase(t0);
    expect(tf.offsetOf(t0)).toBe(0);
    expect(tf.format(1)).toBe((2n ** 60n + 1n).toString());
    expect(tf.absolute(3)).toBe(2n ** 60n + 3n);
  });

  it("wraps like int64 addition", () => {
    const tf = new TimeFrame();
    tf.setBase(INT64_MIN_NUMBER); // sentinel: base stays 0
    expect(tf.wrap(2 * INT64_MIN_NUMBER)).toBe(0);
    expect(tf.wrap(12)).toBe(12);
  });
});
