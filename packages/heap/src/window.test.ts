// Flight-recorder windows: no info batch, no type tables, no start-of-trace
// snapshot (see the conformance README). The analysis still runs, keys
// objects by id, and says what it cannot know.
import { fixtures, readBytes } from "@gotrace/conformance";
import { describe, expect, test } from "vitest";
import { analyzeHeap } from "./analyze-heap.js";

const windows = fixtures().filter((f) => f.flightRecorder && f.allocFree);

test("there are flight-recorder alloc/free fixtures", () => expect(windows.length).toBeGreaterThanOrEqual(2));

describe.each(windows.map((f) => [f.name, f] as const))("%s", (_, f) => {
  test("runs, and its limits say what is missing", async () => {
    const { report } = await analyzeHeap(readBytes(f.tracePath));
    expect(report.trace.allocFreeEvents).toBeGreaterThan(10_000);
    expect(report.info).toBeNull();
    const limits = report.limits.join("\n");
    expect(limits).toContain("no info batch");
    expect(limits).toContain("lacks the start-of-trace heap snapshot");
    expect(limits).toMatch(/\d+ of \d+ generations carry no type table/);
    expect(limits).toMatch(/\d+ objects were freed that the trace never showed allocated/);
    // Types are kept apart by generation-scoped ids.
    expect(report.liveAtEnd.byType.every((t) => /^<type #\d+ in generation \d+>$|^<untyped>$/.test(t.type))).toBe(true);
    // Live totals are lower bounds but never negative, and add up.
    expect(report.liveAtEnd.objects).toBeGreaterThanOrEqual(0);
    expect(report.liveAtEnd.byType.reduce((n, t) => n + t.objects, 0)).toBe(report.liveAtEnd.objects);
    expect(report.liveAtEnd.byType.reduce((n, t) => n + t.bytes, 0)).toBe(report.liveAtEnd.bytes);
  });
});
