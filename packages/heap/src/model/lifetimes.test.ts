import { expect, test } from "vitest";
import { COARSE_UPPER_NS, coarseBucket, coarseCounts, quarterBucket, TypeLifetimes } from "./lifetimes.js";

test("coarse buckets: (1000·4^(k-1), 1000·4^k], edges included where they belong", () => {
  const bucketOf = coarseBucket;
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

test("the coarse histogram added up from the fine ones counts every lifetime where coarseBucket puts it", () => {
  // Every coarse bound and its neighbours (integers and not), every fine
  // bucket's edges, and a spread of ordinary values, over two types.
  const values: number[] = [-5, 0, 0.5, 1, 2, 3, 4, 999.5, 1e15, 2 ** 31, 2 ** 31 + 1, 2 ** 40 - 1];
  for (const t of COARSE_UPPER_NS) values.push(t - 1, t - 0.5, t, t + 0.25, t + 1);
  for (let e = 2; e < 48; e++) for (let f = 0; f < 4; f++) values.push(2 ** e * (1 + f / 4), 2 ** e * (1 + f / 4) - 1);
  for (let i = 0; i < 5000; i++) values.push(Math.floor(1.0123 ** i) + (i % 7) / 7);
  const types = [new TypeLifetimes(), new TypeLifetimes()];
  const want = new Array<number>(COARSE_UPPER_NS.length + 1).fill(0);
  values.forEach((ns, i) => {
    (types[i % 2] as TypeLifetimes).add(ns, 0);
    const k = coarseBucket(ns);
    want[k] = (want[k] as number) + 1;
  });
  expect(coarseCounts([types[0], undefined, types[1]])).toEqual(want);
  // The check is not empty: every coarse bucket got something, and some fine bucket was split.
  expect(want.every((n) => n > 0)).toBe(true);
  expect(types.some((t) => t.aboveCoarseSplit.some((n, b) => n > 0 && n < (t.hist[b] as number)))).toBe(true);
  expect(quarterBucket(1000)).toBe(quarterBucket(1001));
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
