// Quantiles and cmd/trace's histogram on small sets whose answers follow from
// the rules by hand (each expected value is worked out in the comment beside
// it), and the task/region type tables checked against the goroutine and task
// summaries that the goldens test pins to Go's.
import { readFileSync } from "node:fs";
import { analysisGolden, fixtures, samplePath } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { analyzeTrace } from "./analyze.js";
import { formatDuration } from "./duration.js";
import { durationHistogram, durationQuantiles, histogramBucket } from "./user-stats.js";

describe("durationQuantiles (nearest rank)", () => {
  it("on 1..100 ns picks the ⌈q·n⌉-th value", () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 down to 1: the order must not matter
    // n = 100: p50 is the 50th smallest (50), p90 the 90th (90), p99 the 99th (99).
    expect(durationQuantiles(values)).toEqual({ min: 1, p50: 50, p90: 90, p99: 99, max: 100 });
  });
  it("on three values rounds the rank up", () => {
    // n = 3: ⌈1.5⌉ = 2nd → 20; ⌈2.7⌉ = 3rd → 30; ⌈2.97⌉ = 3rd → 30.
    expect(durationQuantiles([30, 10, 20])).toEqual({ min: 10, p50: 20, p90: 30, p99: 30, max: 30 });
  });
  it("is null for none and the value itself for one", () => {
    expect(durationQuantiles([])).toBeNull();
    expect(durationQuantiles([7])).toEqual({ min: 7, p50: 7, p90: 7, p99: 7, max: 7 });
  });
});

describe("durationHistogram (cmd/trace's buckets, five per decade)", () => {
  it("puts a duration in bucket floor(5·log10(d))", () => {
    // 5·log10(1) = 0; 5·log10(2) = 1.505 → 1; 5·log10(3) = 2.39 → 2; 5·log10(999) = 14.998 → 14;
    // 5·log10(1585) = 16.0003 → 16 (10^3.2 = 1584.89 is where bucket 16 starts).
    expect([1, 2, 3, 999, 1585, 1584].map(histogramBucket)).toEqual([0, 1, 2, 14, 16, 15]);
    // Zero and negative durations go to bucket 0, as in Go.
    expect(histogramBucket(0)).toBe(0);
    expect(histogramBucket(-5)).toBe(0);
  });

  it("lists the buckets from lowest to highest with the empty ones between", () => {
    // 2 ns → bucket 1; 20 ns → 5·1.301 = 6.505 → 6; 25 ns → 5·1.398 = 6.99 → 6.
    const h = durationHistogram([20, 2, 25]);
    expect(h.count).toBe(3);
    expect(h.buckets.map((b) => b.index)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(h.buckets.map((b) => b.count)).toEqual([1, 0, 0, 0, 0, 2]);
    // Labels are trunc(10^(i/5)) ns: 10^0.2 = 1.58 → 1, 10^0.4 = 2.51 → 2, 10^1.2 = 15.85 → 15, 10^1.4 = 25.1 → 25.
    expect(h.buckets[0]).toEqual({ index: 1, minNs: 1, maxNs: 2, count: 1 });
    expect(h.buckets[5]).toEqual({ index: 6, minNs: 15, maxNs: 25, count: 2 });
  });

  it("keeps Go's lowest-bucket rule: while the highest bucket is 0, the latest addition sets the lowest", () => {
    // 5 ns → bucket 3 first: min = 3 (max was 0), max = 3. Then 1 ns → bucket 0 < 3: min = 0.
    expect(durationHistogram([5, 1]).buckets.map((b) => b.index)).toEqual([0, 1, 2, 3]);
    // 1 ns first: min = 0, max stays 0. 5 ns next: max is still 0 when min is reconsidered, so min = 3.
    expect(durationHistogram([1, 5]).buckets.map((b) => b.index)).toEqual([3]);
  });

  it("is empty for no durations", () => {
    expect(durationHistogram([])).toEqual({ count: 0, buckets: [] });
  });
});

describe("formatDuration prints Go's time.Duration.String()", () => {
  it.each([
    [0, "0s"],
    [999, "999ns"],
    [1000, "1µs"],
    [1500, "1.5µs"],
    [1_234_567, "1.234567ms"],
    [1e9, "1s"],
    [61_500_000_000, "1m1.5s"],
    [3_600_000_000_000, "1h0m0s"],
    [-2500, "-2.5µs"],
  ])("%d ns is %s", (ns, text) => expect(formatDuration(ns)).toBe(text));
});

describe("task and region types agree with the summaries Go's goldens pin", () => {
  const traces = [
    ...fixtures().map((f) => ({ name: f.name, path: f.tracePath })),
    { name: "sample", path: samplePath() },
  ];
  for (const t of traces) {
    it(t.name, async () => {
      const golden = analysisGolden(t.name);
      const a = await analyzeTrace(readFileSync(t.path), { keepPartial: true });
      // cmd/trace's Count per type: every task of that name, complete or not.
      const names = new Map<string, number>();
      for (const task of golden.tasks) names.set(task.name, (names.get(task.name) ?? 0) + 1);
      expect(new Map(a.taskTypes.map((s) => [s.name, s.count]))).toEqual(names);
      for (const s of a.taskTypes) {
        const durations = golden.tasks
          .filter((x) => x.name === s.name && x.start !== null && x.end !== null)
          .map((x) => (x.end?.time ?? 0) - (x.start?.time ?? 0));
        expect(s.complete).toBe(durations.length);
        expect(s.totalNs).toBe(durations.reduce((x, y) => x + y, 0));
        expect(s.histogram.count).toBe(durations.length);
      }
      // Every region of every goroutine is in exactly one region type.
      const regions = golden.goroutines.reduce((n, g) => n + g.regions.length, 0);
      expect(a.regionTypes.reduce((n, s) => n + s.count, 0)).toBe(regions);
      // Groups add up to the goroutines.
      expect(a.groups.reduce((n, g) => n + g.count, 0)).toBe(golden.goroutines.length);
      const exec = golden.goroutines.reduce((n, g) => n + g.stats.execTime, 0);
      expect(a.groups.reduce((n, g) => n + g.stats.execTime, 0)).toBe(exec);
    });
  }
});
