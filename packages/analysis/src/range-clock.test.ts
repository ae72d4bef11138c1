// RangeClock stands in for Go's lastRangeTime map, whose entries the summaries walk in the order
// our Map kept them: a range begun again goes last, an ended one leaves the others in order.
import { expect, it } from "vitest";
import { RangeClock } from "./goroutine-table.js";

const entries = (c: RangeClock) => c.names.map((n, i) => [n, c.times[i]]);

it("keeps the ranges a goroutine is in, in the order a Map keeps its keys", () => {
  const c = new RangeClock();
  const m = new Map<string, number>();
  const steps: [op: "set" | "delete", name: string, time: number][] = [
    ["set", "GC mark assist", 10],
    ["set", "GC incremental sweep", 20],
    ["set", "stop-the-world (GC)", 30],
    ["set", "GC mark assist", 40], // begun again: keeps its place, new time
    ["delete", "GC incremental sweep", 0],
    ["set", "GC incremental sweep", 50], // back: now last
    ["delete", "GC mark assist", 0],
    ["delete", "not in it", 0],
  ];
  for (const [op, name, time] of steps) {
    if (op === "set") {
      c.set(name, time);
      m.set(name, time);
    } else {
      c.delete(name);
      m.delete(name);
    }
    expect(entries(c)).toEqual([...m]);
  }
  expect(c.get("stop-the-world (GC)")).toBe(30);
  expect(c.get("GC mark assist")).toBeUndefined();
  expect(entries(c)).toEqual([
    ["stop-the-world (GC)", 30],
    ["GC incremental sweep", 50],
  ]);
});
