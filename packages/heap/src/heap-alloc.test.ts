// The model against the runtime's own accounting. At the end of each mark
// phase the runtime sets HeapAlloc to the bytes it marked; the model's live
// bytes then, minus what the following sweep frees, must be that number.
import { fixtures, readBytes } from "@gotrace/conformance";
import { expect, test } from "vitest";
import { analyzeHeap } from "./analyze-heap.js";

const complete = fixtures().filter((f) => f.allocFree && !f.flightRecorder && f.expect.ok);

// What the GC marks and the trace does not show as live: a few runtime
// objects (observed: 384 to 512 bytes in every cycle of every fixture, the
// same in Go 1.23, 1.25 and 1.27), never more than this.
const RESIDUAL = 1024;

test.each(complete.map((f) => [f.name, f] as const))(
  "%s: surviving bytes match HeapAlloc at each mark end",
  async (_, f) => {
    const { report } = await analyzeHeap(readBytes(f.tracePath));
    const checked = report.gcCycles.filter((c) => c.survivingBytes !== null && c.heapAllocAtEnd !== null);
    for (const c of checked) {
      const diff = (c.heapAllocAtEnd as number) - (c.survivingBytes as number);
      expect(diff, `GC ${c.seq}`).toBeGreaterThanOrEqual(0);
      expect(diff, `GC ${c.seq}`).toBeLessThanOrEqual(RESIDUAL);
    }
    if (report.gcCycles.length > 1) expect(checked.length).toBeGreaterThan(0);
  },
);

test("enough cycles are checked across the fixtures", async () => {
  let n = 0;
  for (const f of complete) {
    const { report } = await analyzeHeap(readBytes(f.tracePath));
    n += report.gcCycles.filter((c) => c.survivingBytes !== null && c.heapAllocAtEnd !== null).length;
  }
  expect(n).toBeGreaterThanOrEqual(20);
});

test("each cycle's sweep ends after its mark and before the next cycle's mark ends", async () => {
  const f = complete.find((x) => x.program === "gc") ?? complete[0];
  const { report } = await analyzeHeap(readBytes(f?.tracePath ?? ""));
  const cycles = report.gcCycles;
  expect(cycles.some((c) => c.sweepEndNs !== null)).toBe(true);
  cycles.forEach((c, i) => {
    if (c.sweepEndNs === null || c.endNs === null) return;
    expect(c.sweepEndNs).toBeGreaterThanOrEqual(c.endNs);
    const next = cycles[i + 1];
    if (next?.endNs != null) expect(c.sweepEndNs).toBeLessThanOrEqual(next.endNs);
    expect(c.sweptObjects).toBeGreaterThan(0);
  });
});
