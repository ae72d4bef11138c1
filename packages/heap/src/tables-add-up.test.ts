// Every breakdown of the live heap adds up to its total, on every alloc/free
// fixture: each object live at the end is in exactly one row of each table
// (objects from before the trace in the `<before the trace>` rows), and each
// object live at the peak in exactly one row of the peak's table.
import { fixtures, readBytes } from "@gotrace/conformance";
import { describe, expect, test } from "vitest";
import { analyzeHeap } from "./analyze-heap.js";
import { BEFORE_TRACE_KEY } from "./report/types.js";

const traces = fixtures().filter((f) => f.allocFree && f.expect.ok);

function sums(rows: readonly { objects: number; bytes: number }[]): [number, number] {
  return [rows.reduce((n, r) => n + r.objects, 0), rows.reduce((n, r) => n + r.bytes, 0)];
}

function liveSums(rows: readonly { liveObjects: number; liveBytes: number }[]): [number, number] {
  return sums(rows.map((r) => ({ objects: r.liveObjects, bytes: r.liveBytes })));
}

describe.each(traces.map((f) => [f.name, f] as const))("%s", (_, f) => {
  const result = analyzeHeap(readBytes(f.tracePath));

  test("at the end: by type, size class, goroutine group, task, region and lifetime", async () => {
    const { report } = await result;
    const end = report.liveAtEnd;
    const total: [number, number] = [end.objects, end.bytes];
    expect(total[0]).toBeGreaterThan(0);
    expect(sums(end.byType)).toEqual(total);
    expect(liveSums(end.bySizeClass)).toEqual(total);
    const a = report.allocation;
    for (const rows of [a.byType, a.byGoroutineGroup, a.byTask, a.byRegion]) expect(liveSums(rows)).toEqual(total);
    // What was allocated adds up too; the rows from before the trace allocated nothing.
    for (const rows of [a.byType, a.byGoroutineGroup, a.byTask, a.byRegion]) {
      expect(sums(rows)).toEqual([a.objects, a.bytes]);
      for (const r of rows)
        expect(r.liveObjects).toBeLessThanOrEqual(r.key === BEFORE_TRACE_KEY ? Infinity : r.objects);
    }
    expect(report.lifetimes.byType.reduce((n, r) => n + r.liveAtEnd, 0)).toBe(end.objects);
    // The lifetime histogram's live count is the objects allocated in the trace: all but the snapshot's.
    const before = a.byGoroutineGroup.find((r) => r.key === BEFORE_TRACE_KEY)?.liveObjects ?? 0;
    expect(report.lifetimes.histogram.liveAtEnd).toBe(end.objects - before);
    for (const s of report.leakSuspects) {
      expect(sums(s.byGoroutineGroup)).toEqual([s.liveObjectsAtEnd, s.liveBytesAtEnd]);
    }
    const last = report.timeline.at(-1);
    expect([last?.liveObjects, last?.liveBytes]).toEqual(total);
  });

  test("the rows from before the trace are the start-of-trace snapshot's objects, in every table alike", async () => {
    const { report } = await result;
    const a = report.allocation;
    const rows = [a.byType, a.byGoroutineGroup, a.byTask, a.byRegion].map((t) =>
      t.find((r) => r.key === BEFORE_TRACE_KEY),
    );
    // Flight-recorder windows have no snapshot, so no such row; the others have one.
    if (f.flightRecorder) for (const r of rows) expect(r).toBeUndefined();
    else {
      expect(rows[0]?.liveObjects).toBeGreaterThan(0);
      for (const r of rows) expect(r).toEqual(rows[0]);
      expect(rows[0]?.objects).toBe(0);
      // The runtime's snapshot names a type only when the object carries it in memory (a large
      // object, or one with pointers and a malloc header: over 512 bytes); the rest are untyped.
      for (const t of report.liveAtEnd.byType) {
        const inTrace = a.byType.find((r) => r.key === t.type);
        const objects = t.objects - (inTrace?.liveObjects ?? 0);
        const bytes = t.bytes - (inTrace?.liveBytes ?? 0);
        if (objects > 0 && t.type !== "<untyped>") expect(bytes / objects, t.type).toBeGreaterThan(512);
      }
    }
  });

  test("at the peak: by type; and at every sample of the timeline: by size class", async () => {
    const { report } = await result;
    expect(sums(report.peak.byType)).toEqual([report.peak.objects, report.peak.bytes]);
    // No sample of the timeline has more live bytes than the peak.
    for (const p of report.timeline) expect(p.liveBytes).toBeLessThanOrEqual(report.peak.bytes);
    for (const p of report.timeline) expect(liveSums(p.bySizeClass)).toEqual([p.liveObjects, p.liveBytes]);
  });
});
