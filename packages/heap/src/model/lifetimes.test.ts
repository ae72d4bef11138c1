import { expect, test } from "vitest";
import { COARSE_UPPER_NS, CoarseLifetimes, TypeLifetimes } from "./lifetimes.js";

test("coarse buckets: (1000·4^(k-1), 1000·4^k], edges included where they belong", () => {
  const bucketOf = (ns: number) => {
    const c = new CoarseLifetimes();
    c.add(ns);
    return c.counts.indexOf(1);
  };
  expect(bucketOf(0)).toBe(0);
  expect(bucketOf(1000)).toBe(0);
  for (let k = 1; k < COARSE_UPPER_NS.length; k++) {
    const lo = COARSE_UPPER_NS[k - 1] as number;
    const hi = COARSE_UPPER_NS[k] as number;
    expect([bucketOf(lo + 1), bucketOf(hi)]).toEqual([k, k]);
  }
  expect(bucketOf((COARSE_UPPER_NS.at(-1) as number) + 1)).toBe(COARSE_UPPER_NS.length);
  expect(bucketOf(1e15)).toBe(COARSE_UPPER_NS.length);
});

test("quantiles are an upper bound within 25% of the true value", () => {
  for (const v of [5, 17, 1000, 1234567, 3e9, 7.5e11]) {
    const t = new TypeLifetimes();
    t.add(v, 0);
    t.add(v * 100, 0); // the max, so the bound is not clipped to v by maxNs
    const q = t.quantile(0.5);
    expect(q).toBeGreaterThanOrEqual(v);
    expect(q).toBeLessThanOrEqual(v * 1.25 + 1);
  }
});

test("quantiles follow the distribution", () => {
  const t = new TypeLifetimes();
  for (let i = 1; i <= 1000; i++) t.add(i * 1000, i % 3);
  expect(t.freed).toBe(1000);
  expect(t.maxNs).toBe(1e6);
  expect(t.quantile(0.5)).toBeGreaterThanOrEqual(500_000);
  expect(t.quantile(0.5)).toBeLessThanOrEqual(625_000);
  expect(t.quantile(0.99)).toBeGreaterThanOrEqual(990_000);
  // i % 3 is 1 for 334 of them and 2 for 333.
  expect(t.cyclesSurvived).toBe(334 + 2 * 333);
});
