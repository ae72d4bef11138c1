// analyzeTrace with mmuFlags builds the MMU in the same read: its series and
// curve must be analyzeMMU's (which mmu.test.ts holds to Go's goldens), on
// every fixture, for the /mmu page's default flags and for per-P sweep.
import { readFileSync } from "node:fs";
import { analysisGolden, fixtures, samplePath } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { analyzeTrace } from "./analyze.js";
import { DEFAULT_UTIL_FLAGS, analyzeMMU, mmuWindows } from "./mmu-trace.js";
import { UtilFlags } from "./utilization.js";

const traces = [
  ...fixtures().map((f) => ({ name: f.name, path: f.tracePath })),
  { name: "sample", path: samplePath() },
];

describe("analyzeTrace's MMU is analyzeMMU's", () => {
  for (const t of traces) {
    it(t.name, async () => {
      const bytes = readFileSync(t.path);
      const windows = analysisGolden(t.name).mmu?.windows ?? mmuWindows(1e9);
      for (const flags of [DEFAULT_UTIL_FLAGS, UtilFlags.Sweep | UtilFlags.PerProc]) {
        const alone = await analyzeMMU(bytes, { flags, keepPartial: true });
        const together = await analyzeTrace(bytes, { mmuFlags: flags, keepPartial: true });
        const mmu = together.mmu;
        expect(mmu).not.toBeNull();
        if (mmu === null) return;
        expect(mmu.utilization).toEqual(alone.utilization);
        expect(mmu.eventsRead).toBe(alone.eventsRead);
        for (const w of windows) expect(mmu.curve.mmu(w)).toBe(alone.curve.mmu(w));
        for (const l of alone.limits) expect(together.limits).toContain(l);
        expect(together.summary.events).toBe(alone.eventsRead);
      }
    });
  }

  it("is null when not asked for", async () => {
    const a = await analyzeTrace(readFileSync(samplePath()));
    expect(a.mmu).toBeNull();
  });
});
