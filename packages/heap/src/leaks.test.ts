// Leak suspects, lifetimes and the timeline on the heapgrow fixtures, whose
// program (tools/fixtures/progs/heapgrow) appends leakNode values to a global
// slice every round and never frees them, while its scratch values die at the
// end of each round.
import { fixtures, readBytes } from "@gotrace/conformance";
import { describe, expect, test } from "vitest";
import { analyzeHeap } from "./analyze-heap.js";

const heapgrow = fixtures().filter((f) => f.program === "heapgrow" && f.allocFree);

describe.each(heapgrow.map((f) => [f.name, f] as const))("%s", (_, f) => {
  const result = analyzeHeap(readBytes(f.tracePath));

  test("the retained type is the leak suspect, the garbage is not", async () => {
    const { report } = await result;
    expect(report.gcCycles.length).toBeGreaterThanOrEqual(3);
    const suspects = report.leakSuspects.map((s) => s.type);
    expect(suspects).toContain("main.leakNode");
    expect(suspects).not.toContain("main.scratch");
    const leak = report.leakSuspects.find((s) => s.type === "main.leakNode");
    // Its live count at each cycle's start only grows.
    const series = leak?.liveAfterGc ?? [];
    for (let i = 1; i < series.length; i++) expect(series[i]).toBeGreaterThanOrEqual(series[i - 1] as number);
    // All of it was allocated by the main goroutine, none ever freed.
    expect(leak?.byGoroutineGroup[0]?.type).toBe("main.main");
    expect(leak?.byGoroutineGroup[0]?.objects).toBe(leak?.liveObjectsAtEnd);
    const life = report.lifetimes.byType.find((l) => l.type === "main.leakNode");
    expect(life?.freed).toBe(0);
  });

  test("scratch dies young: freed by the GC after its round, surviving no cycle", async () => {
    const { report } = await result;
    const life = report.lifetimes.byType.find((l) => l.type === "main.scratch");
    expect(life?.freed).toBeGreaterThan(1000);
    expect(life?.meanCyclesSurvived).toBeLessThan(0.5);
    const alloc = report.allocation.byType.find((r) => r.key === "main.scratch");
    expect((alloc?.objects ?? 0) - (alloc?.liveObjects ?? 0)).toBe(life?.freed);
  });

  test("the timeline follows the top types and every GC cycle", async () => {
    const { report } = await result;
    expect(report.timeline.length).toBeGreaterThan(100);
    expect(report.topTypes).toContain("main.leakNode");
    const times = report.timeline.map((p) => p.timeNs);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    for (const c of report.gcCycles) {
      expect(times).toContain(c.beginNs);
      if (c.endNs !== null) expect(times).toContain(c.endNs);
    }
    const last = report.timeline.at(-1);
    expect(last?.liveBytes).toBe(report.liveAtEnd.bytes);
    expect(last?.byType["main.leakNode"]).toBe(report.liveAtEnd.byType.find((t) => t.type === "main.leakNode")?.bytes);
    // The peak is the largest live total of all, and no sample exceeds it.
    for (const p of report.timeline) expect(p.liveBytes).toBeLessThanOrEqual(report.peak.bytes);
    const peakTotal = report.peak.byType.reduce((n, t) => n + t.bytes, 0);
    expect(peakTotal).toBe(report.peak.bytes);
  });
});

test("the diff between two moments is the change of live objects per type", async () => {
  const f = heapgrow.at(-1);
  const bytes = readBytes(f?.tracePath ?? "");
  const whole = await analyzeHeap(bytes, { diff: { fromNs: 0, toNs: 1e12 } });
  const d = whole.report.diff;
  expect(d).not.toBeNull();
  // From the first event to beyond the end: "to" is the state at the end.
  const leak = d?.byType.find((r) => r.type === "main.leakNode");
  expect(leak?.objectsTo).toBe(whole.report.liveAtEnd.byType.find((t) => t.type === "main.leakNode")?.objects);
  expect(leak?.objectsFrom).toBe(0);
});

test("the timeline's size classes add up to its live totals and span bytes", async () => {
  const f = heapgrow.at(-1);
  const { report } = await analyzeHeap(readBytes(f?.tracePath ?? ""));
  for (const p of report.timeline) {
    const classes = p.bySizeClass;
    // Objects in spans the trace showed: all of them in these traces (no limits).
    expect(classes.reduce((n, c) => n + c.liveBytes, 0)).toBe(p.liveBytes);
    expect(classes.reduce((n, c) => n + c.liveObjects, 0)).toBe(p.liveObjects);
    expect(classes.reduce((n, c) => n + c.spanBytes, 0)).toBe(p.heapSpanBytes);
    for (const c of classes) if (c.sizeClass > 0) expect(c.liveBytes).toBeLessThanOrEqual(c.spanBytes);
  }
  // Nothing is missing; what the runtime never writes (writer-notes.ts) is said all the same.
  expect(
    report.limits.filter(
      (l) => !/^(Go 1\.23 records no event|Allocations the runtime makes on the system stack)/.test(l),
    ),
  ).toEqual([]);
  const end = report.timeline.at(-1)?.bySizeClass ?? [];
  for (const row of report.liveAtEnd.bySizeClass) {
    const c = end.find((x) => x.sizeClass === row.sizeClass && x.noscan === row.noscan);
    expect([c?.liveObjects ?? 0, c?.liveBytes ?? 0, c?.spanBytes ?? 0]).toEqual([
      row.liveObjects,
      row.liveBytes,
      row.spanBytes,
    ]);
  }
});
