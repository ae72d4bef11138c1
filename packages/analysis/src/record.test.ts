import { expect, test } from "vitest";
import { GoroutineTable, Stats } from "./goroutine-table.js";
import { addToKey, setKey } from "./record.js";

test('a key named "__proto__" stays an own key holding its number', () => {
  const r: Record<string, number> = {};
  setKey(r, "__proto__", 3);
  addToKey(r, "__proto__", 4);
  addToKey(r, "select", 1);
  expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
  expect(Object.entries(r)).toEqual([
    ["__proto__", 7],
    ["select", 1],
  ]);
});

test("block reasons and ranges from the trace become own keys of the stats, whatever their names", () => {
  const t = new GoroutineTable();
  const g = t.create(1, 100);
  t.addBlock(g, "__proto__", 5);
  t.addBlock(g, "constructor", 2);
  t.addRange(g, "__proto__", 9);
  // A region ending now: the goroutine's totals minus those at its begin (none here).
  const region = t.regionStats(g, 200, new Stats());
  expect(Object.entries(region.blockTimeByReason)).toEqual([
    ["__proto__", 5],
    ["constructor", 2],
  ]);
  expect(Object.getPrototypeOf(region.blockTimeByReason)).toBe(Object.prototype);
  // Closed as finish() closes it, then in output form.
  t.finalize(g, 200, null, false);
  t.open[g] = 0;
  const final = t.statsOut(g);
  expect(final.totalTime).toBe(100);
  expect(Object.entries(final.blockTimeByReason)).toEqual([
    ["__proto__", 5],
    ["constructor", 2],
  ]);
  expect(Object.entries(final.rangeTime)).toEqual([["__proto__", 9]]);
});
