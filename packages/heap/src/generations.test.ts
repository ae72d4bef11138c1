// The report's generation count is the one `gotrace validate` gives, Go's: the reader hands out
// a Sync before each generation and one after the last, and none after a break.
import { fixtures, readBytes } from "@gotrace/conformance";
import { EventKind, TraceReader } from "@gotrace/reader";
import { describe, expect, test } from "vitest";
import { analyzeHeap } from "./analyze-heap.js";

/** Sync events the reader gives for these bytes, and whether it ended on an error. */
function syncsOf(bytes: Uint8Array): { syncs: number; broken: boolean } {
  const r = new TraceReader();
  let syncs = 0;
  let broken = false;
  try {
    r.push(bytes);
    r.finish();
    for (let ev = r.nextShared(); ev !== null; ev = r.nextShared()) if (ev.kind === EventKind.Sync) syncs++;
  } catch {
    broken = true;
  }
  return { syncs, broken };
}

const traces = fixtures().filter((f) => f.allocFree && f.header >= 22 && !f.name.endsWith("-rejected"));

describe.each(traces.map((f) => [f.name, f] as const))("%s", (_, f) => {
  test("whole: as many generations as Syncs less the closing one", { timeout: 60_000 }, async () => {
    const bytes = readBytes(f.tracePath);
    const { syncs, broken } = syncsOf(bytes);
    expect(broken).toBe(false);
    const { report } = await analyzeHeap(bytes);
    expect(report.trace.generations).toBe(syncs - 1);
    expect(report.trace.generations).toBeGreaterThanOrEqual(1);
  });

  test("cut in the middle: the generations begun, the last one cut", { timeout: 60_000 }, async () => {
    const bytes = readBytes(f.tracePath).subarray(0, Math.floor(readBytes(f.tracePath).length / 2));
    const { syncs, broken } = syncsOf(bytes);
    expect(broken).toBe(true);
    const { report } = await analyzeHeap(bytes, { keepPartial: true });
    expect(report.trace.generations).toBe(syncs);
  });
});
