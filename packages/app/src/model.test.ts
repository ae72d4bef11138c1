// The timeline model against @gotrace/analysis, which equals Go's summarizer
// (its own tests compare it with Go's goldens): a goroutine's running spans on
// the P rows add up to its execution time, its name is the summarizer's, and
// its state rows cover what the summarizer counts. Run on the sample and on
// every v2 fixture of the repository.
import { readFileSync } from "node:fs";
import { analyzeTrace } from "@gotrace/analysis";
import { fixtures, samplePath } from "@gotrace/conformance";
import { GoState, TraceReader } from "@gotrace/reader";
import { describe, expect, it } from "vitest";
import { type TimelineModel, TimelineBuilder } from "./model.js";

function build(bytes: Uint8Array): TimelineModel {
  const reader = new TraceReader(bytes);
  reader.finish();
  const b = new TimelineBuilder();
  for (let ev = reader.nextShared(); ev !== null; ev = reader.nextShared()) b.event(ev);
  return b.finish(reader.traceVersion);
}

const traces = [
  { name: "sample", path: samplePath() },
  ...fixtures()
    .filter((f) => f.header >= 22 && !f.name.includes("rejected"))
    .map((f) => ({ name: f.name, path: f.tracePath })),
];

describe("timeline model", () => {
  it.each(traces)(
    "$name: P spans add up to each goroutine's execution time; names are the summarizer's",
    async ({ path }) => {
      const bytes = new Uint8Array(readFileSync(path));
      const model = build(bytes);
      const analysis = await analyzeTrace(bytes);
      expect(analysis.summary.goroutines.length).toBeGreaterThan(0);
      const exec = new Map<number, number>();
      for (const row of model.procs) {
        for (let i = 0; i < row.start.length; i++) {
          const g = row.value[i]!;
          exec.set(g, (exec.get(g) ?? 0) + row.end[i]! - row.start[i]!);
          // Spans on a row are ordered and never overlap: what the drawing's binary search needs.
          if (i > 0) expect(row.start[i]!).toBeGreaterThanOrEqual(row.end[i - 1]!);
        }
      }
      for (const gs of analysis.summary.goroutines) {
        // Sums of float64 differences: equal up to rounding.
        expect(exec.get(gs.id) ?? 0, `G${gs.id} exec`).toBeCloseTo(gs.stats.execTime, -1);
        const row = model.goroutineIds.indexOf(gs.id);
        if (row >= 0 && gs.name !== "") expect(model.goroutineNames[row], `G${gs.id} name`).toBe(gs.name);
        // The goroutine's own row: its running spans add up to the same.
        const spans = row >= 0 ? model.goroutines[row] : undefined;
        let running = 0;
        if (spans !== undefined) {
          for (let i = 0; i < spans.start.length; i++) {
            if (spans.value[i] === GoState.Running) running += spans.end[i]! - spans.start[i]!;
          }
        }
        expect(running, `G${gs.id} running`).toBeCloseTo(gs.stats.execTime, -1);
      }
      const d = analysis.summary.endTime - analysis.summary.startTime;
      expect(model.overview.durationNs).toBe(d);
    },
  );
});
