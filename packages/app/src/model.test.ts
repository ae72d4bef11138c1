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
import { type Spans, spanEnd, spanRelated, spanStack, spanStart, spanValue } from "./spans.js";

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
        for (let i = 0; i < row.n; i++) {
          const g = spanValue(row, i);
          exec.set(g, (exec.get(g) ?? 0) + spanEnd(row, i) - spanStart(row, i));
          // Spans on a row are ordered and never overlap: what the drawing's binary search needs.
          if (i > 0) expect(spanStart(row, i)).toBeGreaterThanOrEqual(spanEnd(row, i - 1));
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
          for (let i = 0; i < spans.n; i++) {
            if (spanValue(spans, i) === GoState.Running) running += spanEnd(spans, i) - spanStart(spans, i);
          }
        }
        expect(running, `G${gs.id} running`).toBeCloseTo(gs.stats.execTime, -1);
      }
      const d = analysis.summary.endTime - analysis.summary.startTime;
      expect(model.overview.durationNs).toBe(d);
    },
  );

  it.each(traces)(
    "$name: every span reads back from the compact rows as the builder added it, partial and whole",
    ({ path }) => {
      // The straightforward form, one number per field, as the builder hands each span over.
      type Plain = number[][];
      const added = new Map<string, Plain>();
      const b = new TimelineBuilder((row, id, ...fields) => {
        const key = `${row} ${id}`;
        let p = added.get(key);
        if (p === undefined) added.set(key, (p = []));
        p.push(fields);
      });
      const reader = new TraceReader(new Uint8Array(readFileSync(path)));
      reader.finish();
      let events = 0;
      let partial: TimelineModel | null = null;
      let partialCounts: Map<string, number> | null = null;
      for (let ev = reader.nextShared(); ev !== null; ev = reader.nextShared()) {
        b.event(ev);
        // After 1000 events, a partial model as the worker posts it: the spans added so far.
        if (++events === 1000) {
          partial = b.preview(reader.traceVersion);
          partialCounts = new Map([...added].map(([k, v]) => [k, v.length]));
        }
      }
      const model = b.finish(reader.traceVersion);
      const check = (m: TimelineModel, counts: Map<string, number> | null) => {
        const rows: [string, Spans][] = [
          ...m.procIds.map((p, r): [string, Spans] => [`proc ${p}`, m.procs[r]!]),
          ...m.goroutineIds.map((g, r): [string, Spans] => [`goroutine ${g}`, m.goroutines[r]!]),
        ];
        let spans = 0;
        for (const [key, s] of rows) {
          const want = (added.get(key) ?? []).slice(0, counts === null ? undefined : (counts.get(key) ?? 0));
          expect(s.n, key).toBe(want.length);
          for (let i = 0; i < s.n; i++) {
            const got = [spanStart(s, i), spanEnd(s, i), spanValue(s, i), spanStack(s, i), spanRelated(s, i)];
            if (!got.every((v, k) => Object.is(v, want[i]![k]))) expect(got, `${key} span ${i}`).toEqual(want[i]);
          }
          spans += s.n;
        }
        return spans;
      };
      const all = check(model, null);
      expect(all).toBe([...added.values()].reduce((n, p) => n + p.length, 0));
      expect(all).toBeGreaterThan(0);
      if (partial !== null) check(partial, partialCounts);
    },
  );
});
