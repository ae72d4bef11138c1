// What the runtime never records, said in `limits`, on every alloc/free
// fixture: Go 1.23's missing tiny-block allocations (malloc.go returns before
// its trace hook when an allocation fits into the tiny block in use; Go 1.24
// and later trace it), and allocations on the system stack charged to the
// running goroutine.
import { fixtures, readBytes } from "@gotrace/conformance";
import { describe, expect, test } from "vitest";
import { analyzeOnThisThread, finishReport } from "./analyze-heap.js";

const traces = fixtures().filter((f) => f.allocFree && f.expect.ok);
const TINY = /^Go 1\.23 records no event for an allocation that fits into a tiny block/;
const SYSTEM_STACK =
  /^Allocations the runtime makes on the system stack are charged to the goroutine running on that thread: the (\d+) runtime\.g objects/;

describe.each(traces.map((f) => [f.name, f] as const))("%s", (_, f) => {
  test("the tiny-block note on Go 1.23's traces only, the system-stack note where runtime.g is allocated", async () => {
    const { analyzer, version } = await analyzeOnThisThread(readBytes(f.tracePath));
    const report = finishReport(analyzer, version, {}, null);
    const tiny = report.limits.filter((l) => TINY.test(l));
    if (f.writtenBy.startsWith("go1.23.")) {
      // Go 1.23 never records an allocation inside another's tiny block.
      expect(analyzer.placement.tinyNeighbourAllocs).toBe(0);
      expect(tiny).toHaveLength(1);
    } else expect(tiny).toEqual([]);
    const descriptors = report.allocation.byType.find((r) => r.key === "runtime.g")?.objects ?? 0;
    const notes = report.limits.map((l) => SYSTEM_STACK.exec(l)).filter((m) => m !== null);
    if (descriptors > 0) expect(notes.map((m) => Number(m[1]))).toEqual([descriptors]);
    else expect(notes).toEqual([]);
  });
});

test("later releases do record allocations inside a tiny block in use", async () => {
  // The annotations program makes many small strings: some land inside another's block.
  for (const f of traces.filter((t) => t.program === "annotations" && !t.writtenBy.startsWith("go1.23."))) {
    const { analyzer } = await analyzeOnThisThread(readBytes(f.tracePath));
    expect(analyzer.placement.tinyNeighbourAllocs, f.name).toBeGreaterThan(0);
  }
});
