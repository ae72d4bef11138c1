// byStart sorts a goroutine's regions by a column of start times instead of through their start
// objects. Go's sort is unstable, so regions with equal starts come out in the order its moves
// leave them: the column sort must make the very same moves, which it does if it sees the same
// comparison outcomes. Checked against the object comparator it replaced, on lists with many
// ties and regions without a start.
import { goSortFunc } from "@gotrace/codec/internal";
import { expect, it } from "vitest";
import { byStart } from "./summarizer.js";
import type { RegionSummary } from "./types.js";

function region(i: number, start: number | null): RegionSummary {
  return {
    name: `r${i}`,
    taskId: 0,
    start: start === null ? null : { time: start, kind: "RegionBegin", goroutine: 1 },
    end: null,
    stats: {
      execTime: 0,
      schedWaitTime: 0,
      blockTimeByReason: {},
      syscallTime: 0,
      syscallBlockTime: 0,
      totalTime: 0,
      rangeTime: {},
      unknownTime: 0,
    },
    frame: null,
  };
}

/** The comparator the summarizer used before: no start first, then by start time. */
function byStartObjects(a: RegionSummary, b: RegionSummary): number {
  if (a.start === null) return b.start === null ? 0 : -1;
  if (b.start === null) return 1;
  return a.start.time < b.start.time ? -1 : a.start.time > b.start.time ? 1 : 0;
}

it("orders regions exactly as Go's sort over the region objects does, ties included", () => {
  // A fixed xorshift, so that the lists are the same on every run.
  let seed = 0x9e3779b9;
  const random = (n: number) => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % n;
  };
  for (const n of [0, 1, 2, 12, 13, 50, 200, 1000, 5000]) {
    for (const distinct of [1, 3, 40, 1_000_000]) {
      const regions = Array.from({ length: n }, (_, i) =>
        region(i, random(10) === 0 ? null : 1_700_000_000_000 + random(distinct)),
      );
      const expected = regions.slice();
      goSortFunc(expected, byStartObjects);
      const got = byStart(regions);
      expect(got.map((r) => r.name)).toEqual(expected.map((r) => r.name));
    }
  }
});

it("orders lists already in order, or nearly, as Go's sort does", () => {
  // In order with distinct starts (the list comes back as it is), then with one tie, one region
  // without a start, and one pair swapped (all sorted).
  const cases: (number | null)[][] = [
    [10, 20, 30, 40],
    [10, 20, 20, 40],
    [10, 20, null, 40],
    [10, 30, 20, 40],
    [null, 10, 20, 30],
  ];
  for (const starts of cases) {
    const regions = starts.map((s, i) => region(i, s));
    const expected = regions.slice();
    goSortFunc(expected, byStartObjects);
    expect(byStart(regions).map((r) => r.name)).toEqual(expected.map((r) => r.name));
  }
});

it("leaves the list it is given as it was", () => {
  expect(byStart([])).toEqual([]);
  const one = [region(9, null)];
  expect(byStart(one)).toEqual(one);
  const regions = [region(0, 30), region(1, 10), region(2, null)];
  const got = byStart(regions);
  expect(got.map((r) => r.name)).toEqual(["r2", "r1", "r0"]);
  expect(regions.map((r) => r.name)).toEqual(["r0", "r1", "r2"]);
});
