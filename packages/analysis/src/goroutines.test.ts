// Every fixture (and the sample), summarised by us and by Go 1.27.3's
// internal/trace summarizer (tools/go-oracle): the goroutines must be equal,
// field by field, in nanoseconds.
import { readFileSync } from "node:fs";
import { analysisGolden, fixtures, samplePath } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { analyzeTrace } from "./analyze.js";
import type { RegionSummary, TraceSummary } from "./types.js";

const traces = [
  ...fixtures().map((f) => ({ name: f.name, path: f.tracePath })),
  { name: "sample", path: samplePath() },
];

/** A region as the goldens record it: without the start frame, which Go's summary does not carry. */
function bare({ frame: _frame, ...rest }: RegionSummary): Omit<RegionSummary, "frame"> {
  return rest;
}

/** The summary in the goldens' shape. */
export function asGolden(s: TraceSummary) {
  return {
    goroutines: s.goroutines.map((g) => ({ ...g, regions: g.regions.map(bare) })),
    tasks: s.tasks.map((t) => ({ ...t, regions: t.regions.map(bare) })),
  };
}

describe("goroutine summaries equal Go 1.27.3's", () => {
  for (const t of traces) {
    it(t.name, async () => {
      const golden = analysisGolden(t.name);
      const { summary, error } = await analyzeTrace(readFileSync(t.path), { keepPartial: true });
      expect(error?.message.split("\n")[0] ?? null, "reader error").toBe(golden.error);
      expect(summary.events).toBe(golden.eventsRead);
      const ours = asGolden(summary).goroutines;
      expect(ours.map((g) => g.id)).toEqual(golden.goroutines.map((g) => g.id));
      // One goroutine at a time, so a mismatch names it.
      for (const [i, g] of golden.goroutines.entries()) expect(ours[i], `goroutine ${g.id}`).toEqual(g);
    });
  }
});

describe("tasks equal Go 1.27.3's", () => {
  for (const t of traces) {
    it(t.name, async () => {
      const golden = analysisGolden(t.name);
      const { summary } = await analyzeTrace(readFileSync(t.path), { keepPartial: true });
      const ours = asGolden(summary).tasks;
      expect(ours.map((x) => x.id)).toEqual(golden.tasks.map((x) => x.id));
      for (const [i, task] of golden.tasks.entries()) expect(ours[i], `task ${task.id}`).toEqual(task);
    });
  }
});

it("the fixtures exercise what is compared: goroutines with regions, tasks with logs, a broken trace", () => {
  const goldens = traces.map((t) => analysisGolden(t.name));
  expect(goldens.some((g) => g.goroutines.some((x) => x.regions.length > 0))).toBe(true);
  expect(goldens.some((g) => g.tasks.some((x) => x.logs.length > 0 && x.complete))).toBe(true);
  expect(goldens.some((g) => g.error !== null)).toBe(true);
  expect(goldens.some((g) => g.goroutines.some((x) => x.stats.syscallBlockTime > 0))).toBe(true);
  expect(goldens.some((g) => g.goroutines.some((x) => Object.keys(x.stats.rangeTime).length > 0))).toBe(true);
});
