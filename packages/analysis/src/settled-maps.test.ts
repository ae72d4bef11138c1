// Region begins snapshot a goroutine's block and range times; the snapshots share one copy of
// those maps until the goroutine's times change. A snapshot that adds what is still going on (a
// block or a range not yet ended) must do so on a copy, or the other snapshots would change too.
import { expect, it } from "vitest";
import { GoroutineTable, RangeClock } from "./goroutine-table.js";

const entries = (m: Map<string, number> | null) => (m === null ? null : [...m]);

it("gives snapshots their own maps once something is still going on, and new maps after a change", () => {
  const gs = new GoroutineTable();
  const g = gs.create(7, 100);
  gs.addBlock(g, "chan receive", 10);
  gs.addRange(g, "GC mark assist", 3);

  const a = gs.snapshot(g, 200);
  const b = gs.snapshot(g, 210);
  expect(entries(a.block)).toEqual([["chan receive", 10]]);
  expect(entries(b.block)).toEqual([["chan receive", 10]]);

  // Blocked since 250 and in a sweep since 260, both still going on at 300.
  gs.lastBlock[g] = 250;
  gs.lastBlockReason[g] = "select";
  const clock = new RangeClock();
  clock.set("GC incremental sweep", 260);
  gs.lastRange.set(g, clock);
  const c = gs.snapshot(g, 300);
  expect(entries(c.block)).toEqual([
    ["chan receive", 10],
    ["select", 50],
  ]);
  expect(entries(c.range)).toEqual([
    ["GC mark assist", 3],
    ["GC incremental sweep", 40],
  ]);
  // The earlier snapshots are as they were.
  expect(entries(a.block)).toEqual([["chan receive", 10]]);
  expect(entries(a.range)).toEqual([["GC mark assist", 3]]);

  // A change to the settled times: the next snapshot sees it, the earlier ones do not.
  gs.lastBlock[g] = 0;
  gs.lastRange.delete(g);
  gs.addBlock(g, "chan receive", 5);
  const d = gs.snapshot(g, 400);
  expect(entries(d.block)).toEqual([["chan receive", 15]]);
  expect(entries(a.block)).toEqual([["chan receive", 10]]);
  expect(entries(b.block)).toEqual([["chan receive", 10]]);
});
