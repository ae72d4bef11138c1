// A region's stats name every reason its goroutine ever blocked for and every range it was in,
// and most regions add nothing to any of them: such all-zero records are shared, one per
// goroutine and list of keys, and frozen. Records with time in them stay the region's own.
import { readFileSync } from "node:fs";
import { samplePath } from "@gotrace/conformance";
import { expect, it } from "vitest";
import { analyzeTrace } from "./analyze.js";
import { GoroutineTable } from "./goroutine-table.js";

it("shares a goroutine's all-zero records while their keys stay the same", () => {
  const gs = new GoroutineTable();
  const g = gs.create(7, 100);
  const empty = gs.regionStats(g, 150, gs.snapshot(g, 120));
  expect(empty.blockTimeByReason).toEqual({});
  expect(Object.isFrozen(empty.blockTimeByReason)).toBe(true);
  expect(Object.isFrozen(empty.rangeTime)).toBe(true);

  gs.addBlock(g, "chan receive", 10);
  gs.addRange(g, "GC mark assist", 3);
  const a = gs.regionStats(g, 220, gs.snapshot(g, 200));
  const b = gs.regionStats(g, 240, gs.snapshot(g, 230));
  expect(a.blockTimeByReason).toEqual({ "chan receive": 0 });
  expect(a.rangeTime).toEqual({ "GC mark assist": 0 });
  expect(b.blockTimeByReason).toBe(a.blockTimeByReason);
  expect(b.rangeTime).toBe(a.rangeTime);
  expect(Object.isFrozen(a.blockTimeByReason)).toBe(true);
  expect(() => {
    a.blockTimeByReason["chan receive"] = 1;
  }).toThrow(TypeError);

  // Time blocked inside the region: its own record, open to change.
  const begin = gs.snapshot(g, 300);
  gs.addBlock(g, "chan receive", 5);
  const c = gs.regionStats(g, 320, begin);
  expect(c.blockTimeByReason).toEqual({ "chan receive": 5 });
  expect(c.blockTimeByReason).not.toBe(a.blockTimeByReason);
  expect(Object.isFrozen(c.blockTimeByReason)).toBe(false);

  // A new reason: a new shared record, with the keys in the order met.
  gs.addBlock(g, "select", 4);
  const d = gs.regionStats(g, 420, gs.snapshot(g, 400));
  const e = gs.regionStats(g, 440, gs.snapshot(g, 430));
  expect(Object.keys(d.blockTimeByReason)).toEqual(["chan receive", "select"]);
  expect(e.blockTimeByReason).toBe(d.blockTimeByReason);
  expect(d.blockTimeByReason).not.toBe(a.blockTimeByReason);

  // Another goroutine that met the same reasons the other way round keeps its own order.
  const h = gs.create(8, 100);
  gs.addBlock(h, "select", 1);
  gs.addBlock(h, "chan receive", 1);
  const f = gs.regionStats(h, 520, gs.snapshot(h, 500));
  expect(Object.keys(f.blockTimeByReason)).toEqual(["select", "chan receive"]);
  expect(f.blockTimeByReason).not.toBe(d.blockTimeByReason);
});

it("keeps stats with durations past V8's small integers apart from the others", () => {
  // V8 boxes a number field in every object of a hidden class once one of them held a larger
  // value: the many short regions must not share a class with the few long ones.
  const gs = new GoroutineTable();
  const g = gs.create(7, 100);
  const short = gs.regionStats(g, 200, gs.snapshot(g, 150));
  const long = gs.regionStats(g, 150 + 2 ** 31, gs.snapshot(g, 150));
  const shortToo = gs.regionStats(g, 300, gs.snapshot(g, 250));
  expect(long.totalTime).toBe(2 ** 31);
  expect(Object.getPrototypeOf(long)).not.toBe(Object.getPrototypeOf(short));
  expect(Object.getPrototypeOf(shortToo)).toBe(Object.getPrototypeOf(short));
  // Plain data all the same.
  expect(JSON.parse(JSON.stringify(short))).toEqual({ ...short });
  expect(Object.keys(long)).toEqual(Object.keys(short));
});

it("gives goroutines without regions one frozen empty list", async () => {
  const { summary } = await analyzeTrace(readFileSync(samplePath()));
  const without = summary.goroutines.filter((g) => g.regions.length === 0);
  expect(without.length).toBeGreaterThan(1);
  for (const g of without) expect(g.regions).toBe(without[0]?.regions);
  expect(Object.isFrozen(without[0]?.regions)).toBe(true);
});
