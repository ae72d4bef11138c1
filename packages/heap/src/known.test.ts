// The analysis against programs that know what they allocate: every number
// here comes from fixtures/heapknown.expect.json, which derives it from the
// program's flags, its types and Go's size classes (not from this code).
import { fixture, heapKnown, readBytes } from "@gotrace/conformance";
import { describe, expect, test } from "vitest";
import { analyzeHeap } from "./analyze-heap.js";
import {
  heapLayoutOf,
  objectAddress,
  objectIdOf,
  spanAddress,
  spanIdOf,
  stackAddress,
  stackIdOf,
} from "./model/layout.js";

const known = heapKnown();

describe.each(known.fixtures)("%s", (name) => {
  const result = analyzeHeap(readBytes(fixture(name).tracePath));

  test("the info batch", async () => {
    const { report } = await result;
    expect(report.info).not.toBeNull();
    expect(report.info?.pageSize).toBe(known.info.pageSize);
    expect(report.info?.minHeapAlign).toBe(known.info.minHeapAlign);
    expect(report.info?.fixedStack).toBe(known.info.minStackAlign);
    // Nothing is missing; what the runtime never writes (writer-notes.ts) is said all the same.
    expect(
      report.limits.filter(
        (l) => !/^(Go 1\.23 records no event|Allocations the runtime makes on the system stack)/.test(l),
      ),
    ).toEqual([]);
  });

  test("ids and addresses map both ways", async () => {
    const { report } = await result;
    const layout = heapLayoutOf(report);
    if (layout === null) throw new Error("the fixture has an info batch");
    const base = layout.minPageHeapAddr as number;
    expect(objectAddress(layout, 0)).toBe(base);
    for (const id of [1, 4096, 123457]) {
      expect(objectIdOf(layout, objectAddress(layout, id) as number)).toBe(id);
      expect(spanIdOf(layout, spanAddress(layout, id) as number)).toBe(id);
      expect(stackIdOf(layout, stackAddress(layout, id) as number)).toBe(id);
    }
    expect(spanAddress(layout, 3)).toBe(base + 3 * known.info.pageSize);
  });

  test.each(known.types.map((t) => [t.name, t] as const))("%s: allocated, freed, live at end", async (_, t) => {
    const { report } = await result;
    const alloc = report.allocation.byType.find((r) => r.key === t.name);
    expect({ objects: alloc?.objects, bytes: alloc?.bytes }).toEqual(t.allocated);
    const live = report.liveAtEnd.byType.find((r) => r.type === t.name) ?? { objects: 0, bytes: 0 };
    expect({ objects: live.objects, bytes: live.bytes }).toEqual(t.liveAtEnd);
    const life = report.lifetimes.byType.find((r) => r.type === t.name);
    expect(life?.freed).toBe(t.freed.objects);
    expect(life?.liveAtEnd).toBe(t.liveAtEnd.objects);
  });

  test("size classes of the named types", async () => {
    const { report } = await result;
    for (const t of known.types) {
      if (t.sizeClass === 0) continue;
      const noscan = t.ptrBytes === 0;
      const row = report.liveAtEnd.bySizeClass.find((r) => r.sizeClass === t.sizeClass && r.noscan === noscan);
      expect(row?.objectSize).toBe(t.slotBytes);
      if (t.liveAtEnd.objects > 0) {
        expect(row?.liveObjects).toBeGreaterThanOrEqual(t.liveAtEnd.objects);
        expect(row?.slots).toBeGreaterThanOrEqual(row?.liveObjects ?? Number.POSITIVE_INFINITY);
      }
    }
  });

  test("allocations by goroutine start function", async () => {
    const samples = (await result).pprof.samples;
    for (const g of known.byGoroutine) {
      const group = g.startFunction ?? "main.main";
      for (const [type, count] of Object.entries(g.types)) {
        const s = samples.find((x) => x.type === type && x.group === group);
        expect({ type, group, objects: s?.allocObjects, bytes: s?.allocBytes }).toEqual({ type, group, ...count });
      }
    }
  });

  test("allocations by task and region", async () => {
    const { report } = await result;
    for (const r of known.byRegion) {
      const want = Object.values(r.types).reduce((a, c) => ({
        objects: a.objects + c.objects,
        bytes: a.bytes + c.bytes,
      }));
      const region = report.allocation.byRegion.find((x) => x.key === r.region);
      expect({ objects: region?.objects, bytes: region?.bytes }).toEqual(want);
      const task = report.allocation.byTask.find((x) => x.key === r.task);
      expect({ objects: task?.objects, bytes: task?.bytes }).toEqual(want);
    }
  });

  test("the grown stack", async () => {
    const { report } = await result;
    const g = report.stackGrowth;
    expect(g.largestBytes).toBe(known.stack.peakBytes);
    for (const order of known.stack.growthOrders) {
      const size = 2 ** (order - 1);
      expect(g.allocatedBySize.find((s) => s.bytes === size)?.count ?? 0).toBeGreaterThanOrEqual(1);
    }
    // Freed when its goroutine exits, so no stack that large is live at the end.
    if (known.stack.freedAtExit) expect(report.liveAtEnd.stacks.bytes).toBeLessThan(known.stack.peakBytes);
  });

  test("the short-lived objects die young and the retained ones live on", async () => {
    const { report } = await result;
    const eph = report.lifetimes.byType.find((r) => r.type === "main.ephemeral");
    expect(eph?.maxNs).toBeLessThanOrEqual(report.trace.endNs - report.trace.startNs);
    const ret = report.lifetimes.byType.find((r) => r.type === "main.retained");
    expect(ret?.freed).toBe(0);
    expect(ret?.maxCyclesSurvivedLive).toBeGreaterThanOrEqual(1);
  });
});
