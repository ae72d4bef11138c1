// The leak rule's statistics on series whose answers can be worked out by hand.
import { describe, expect, test } from "vitest";
import { trendOf } from "./leaks.js";
import { kendallTau, theilSenSlope } from "./trend.js";

describe("kendallTau", () => {
  test("is 1 rising, -1 falling, 0 flat, and counts pairs", () => {
    expect(kendallTau([1, 2, 3])).toBe(1);
    expect(kendallTau([3, 2, 1])).toBe(-1);
    expect(kendallTau([5, 5, 5])).toBe(0);
    // (1,3) rises, (1,2) rises, (3,2) falls: (2 - 1) / 3.
    expect(kendallTau([1, 3, 2])).toBeCloseTo(1 / 3, 12);
    expect(kendallTau([7])).toBe(0);
  });
});

describe("theilSenSlope", () => {
  test("is the median of the pairwise slopes, so one outlier does not move it", () => {
    expect(theilSenSlope([0, 2, 4, 6])).toBe(2);
    // Pairwise slopes: six of 1, then 25, 33, 49, 97: the median of ten is 1.
    expect(theilSenSlope([0, 1, 2, 3, 100])).toBe(1);
    expect(theilSenSlope([4])).toBe(0);
  });
});

describe("trendOf (the leak rule on survivor bytes per GC cycle)", () => {
  const kib = 1024;
  test("steady growth with two flat cycles at the end (forced GCs) is a leak", () => {
    const t = trendOf([1, 2, 3, 4, 5, 6, 7, 8, 8, 8].map((x) => x * 10 * kib));
    expect(t.growing).toBe(true);
    expect(t.growthBytes).toBe(70 * kib);
    expect(t.halfRatio).toBe(8 / 3);
    expect(t.slopeBytesPerCycle).toBe(10 * kib);
  });

  test("growth once at startup, then flat, is not", () => {
    expect(trendOf([0, 100, 100, 100, 100, 100, 100, 100, 100, 100].map((x) => x * kib)).growing).toBe(false);
  });

  test("a single step, even in the middle, is not", () => {
    expect(trendOf([1, 1, 1, 1, 5, 5, 5, 5].map((x) => x * 10 * kib)).growing).toBe(false);
  });

  test("up and down (a pool, a bounded cache that evicts) is not", () => {
    expect(trendOf([10, 50, 10, 50, 10, 50, 10, 50, 10, 60].map((x) => x * kib)).growing).toBe(false);
  });

  test("less than 1 KiB of growth, or fewer than 3 cycles, is not", () => {
    expect(trendOf([100, 200, 300, 400, 500, 600]).growing).toBe(false);
    expect(trendOf([10 * kib, 20 * kib]).growing).toBe(false);
    expect(trendOf([10 * kib, 20 * kib, 30 * kib]).growing).toBe(true);
  });
});
