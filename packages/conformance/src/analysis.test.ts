import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  ANALYSIS_PPROF_TYPES,
  type AnalysisExecStats,
  type AnalysisGolden,
  type AnalysisRegion,
  analysisDir,
  analysisGolden,
  analysisGoldenPath,
  analysisGoVersion,
  analysisRegionProfiles,
  analysisRegionProfileTraces,
  fixtures,
  readBytes,
  samplePath,
} from "./index.js";

const NAMES = [...fixtures().map((f) => f.name), "sample"];
// The /mmu page's flag names in UtilFlags bit order (internal/trace/gc.go, traceviewer/mmu.go).
const FLAG_BITS = ["stw", "background", "assist", "sweep", "perProc"];
const WINDOWS = [1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

const isInt = (x: unknown): x is number => typeof x === "number" && Number.isSafeInteger(x);
const isIntRecord = (x: unknown) =>
  typeof x === "object" && x !== null && !Array.isArray(x) && Object.values(x).every(isInt);

function checkStats(s: AnalysisExecStats): void {
  for (const k of [
    "execTime",
    "schedWaitTime",
    "syscallTime",
    "syscallBlockTime",
    "totalTime",
    "unknownTime",
  ] as const) {
    expect(isInt(s[k]), k).toBe(true);
  }
  expect(isIntRecord(s.blockTimeByReason)).toBe(true);
  expect(isIntRecord(s.rangeTime)).toBe(true);
  // UnknownTime() is TotalTime less the non-overlapping stats, floored at 0 (summary.go).
  const known =
    s.execTime +
    s.schedWaitTime +
    s.syscallTime +
    s.syscallBlockTime +
    Object.values(s.blockTimeByReason).reduce((a, b) => a + b, 0);
  expect(s.unknownTime).toBe(Math.max(0, s.totalTime - known));
}

function checkRegion(r: AnalysisRegion): void {
  expect(typeof r.name).toBe("string");
  expect(isInt(r.taskId)).toBe(true);
  for (const ev of [r.start, r.end]) {
    if (ev === null) continue;
    expect(isInt(ev.time) && isInt(ev.goroutine) && typeof ev.kind === "string").toBe(true);
  }
  checkStats(r.stats);
}

function checkShape(g: AnalysisGolden): void {
  expect(isInt(g.eventsRead) && isInt(g.eventsKept)).toBe(true);
  expect(g.eventsKept).toBeLessThanOrEqual(g.eventsRead);
  if (g.error === null) expect(g.eventsKept).toBe(g.eventsRead);
  expect(g.durationNs).toBe(g.endTime - g.startTime);

  const ids = g.goroutines.map((x) => x.id);
  expect(ids).toEqual([...ids].sort((a, b) => a - b));
  expect(new Set(ids).size).toBe(ids.length);
  for (const gr of g.goroutines) {
    expect(typeof gr.name).toBe("string");
    for (const k of ["pc", "creationTime", "startTime", "endTime"] as const) expect(isInt(gr[k]), k).toBe(true);
    expect(typeof gr.isSystem).toBe("boolean");
    checkStats(gr.stats);
    gr.regions.forEach(checkRegion);
    // Sorted by start time, regions without a start first (Summarizer.Finalize).
    const starts = gr.regions.map((r) => (r.start === null ? Number.NEGATIVE_INFINITY : r.start.time));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  }

  const tasks = new Map(g.tasks.map((t) => [t.id, t]));
  expect(tasks.size).toBe(g.tasks.length);
  for (const t of g.tasks) {
    expect(typeof t.name).toBe("string");
    expect(t.complete).toBe(t.start !== null && t.end !== null);
    expect(t.descendents[0]).toBe(t.id);
    for (const c of t.children) expect(tasks.get(c)?.parent).toBe(t.id);
    if (t.parent !== null) expect(tasks.get(t.parent)?.children).toContain(t.id);
    for (const l of t.logs) expect(isInt(l.time) && typeof l.category === "string").toBe(true);
    t.regions.forEach(checkRegion);
    expect(t.goroutines).toEqual([...t.goroutines].sort((a, b) => a - b));
  }

  const mmu = g.mmu;
  expect(mmu).not.toBeNull();
  if (mmu === null) return;
  expect(mmu.windows).toEqual([...WINDOWS, g.durationNs]);
  expect(mmu.combinations.map((c) => c.flagsValue)).toEqual([...Array(32).keys()]);
  for (const c of mmu.combinations) {
    expect(c.flags).toEqual(FLAG_BITS.filter((_, i) => c.flagsValue & (1 << i)));
    expect(c.error).toBeNull();
    // Without UtilPerProc Go folds every P into one series. It starts series only at a
    // /sched/gomaxprocs:threads metric, which two converted v1 traces and the rejected trace's
    // single kept event lack; a curve over no series starts and stays at MMU 1, except that
    // MMUCurve.mmu answers 0 for a window of 0 (the rejected trace's duration).
    if (!(c.flagsValue & 16)) expect(c.seriesLengths.length).toBeLessThanOrEqual(1);
    if (c.seriesLengths.length === 0) {
      for (const p of c.points) expect([p.mmu, p.examples.length]).toEqual([p.window > 0 ? 1 : 0, 0]);
    }
    expect(c.points.map((p) => p.window)).toEqual(mmu.windows);
    for (const p of c.points) {
      expect(p.mmu).toBeGreaterThanOrEqual(0);
      expect(p.mmu).toBeLessThanOrEqual(1);
      expect(p.mud).toHaveLength(mmu.mudQuantiles.length);
      expect(p.examples.length).toBeLessThanOrEqual(mmu.examplesPerWindow);
      // The MMU is the lowest utilization of any window, so no example is below it.
      for (const ex of p.examples) expect(ex.mutatorUtil).toBeGreaterThanOrEqual(p.mmu);
    }
  }

  for (const type of ANALYSIS_PPROF_TYPES) {
    const p = g.pprof[type];
    if (p.exit !== 0) {
      expect(p.path).toBeNull();
      continue;
    }
    expect(p.sampleTypes).toEqual(["contentions/count", "delay/nanoseconds"]);
    for (const s of p.samples ?? []) {
      expect(isInt(s.count) && s.count > 0 && isInt(s.delayNs) && s.delayNs > 0).toBe(true);
      for (const f of s.stack) expect(isInt(f.pc) && isInt(f.line) && typeof f.func === "string").toBe(true);
    }
    // Go's own bytes: gzipped protobuf whose string table names the sample types.
    if (p.path === null) throw new Error(`${g.trace} ${type}: no profile path`);
    expect([...readFileSync(p.path).subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    const pb = Buffer.from(readBytes(p.path)).toString("latin1");
    expect(pb).toContain("contentions");
    expect(pb).toContain("delay");
  }
}

describe("analysisGolden()", () => {
  it("has a golden, made by Go 1.27.3, for every fixture and the sample, and no stale files", () => {
    expect(analysisGoVersion()).toMatch(/^go version go1\.27\.3 /);
    // regions/: the region profiles of a few traces (their own test below).
    const expected = new Set(["go-version.txt", "regions"]);
    for (const name of NAMES) {
      const path = analysisGoldenPath(name);
      expect(path, name).not.toBeNull();
      expected.add(path?.slice(analysisDir().length + 1) ?? "");
      for (const type of ANALYSIS_PPROF_TYPES) {
        const p = analysisGolden(name).pprof[type].path;
        if (p !== null) expected.add(p.slice(analysisDir().length + 1));
      }
    }
    expect(readdirSync(analysisDir()).sort()).toEqual([...expected].sort());
  });

  it.each(fixtures().map((f) => [f.name, f] as const))("%s has the documented shape", (name, f) => {
    const g = analysisGolden(name);
    expect(g.goVersion).toBe("go1.27.3");
    expect(g.trace).toBe(name);
    expect(g.tracePath).toBe(f.tracePath);
    // The oracle reads with the same Go reader as the -d=parsed golden, so it stops where that does.
    expect(g.error).toBe(f.expect.ok ? null : f.expect.error);
    checkShape(g);
  });

  it("gives the sample the goldens of the fixture it is a copy of", () => {
    const copyOf = fixtures().find((f) => f.name === "heapgrow-go1.27-allocfree");
    if (!copyOf) throw new Error("no heapgrow-go1.27-allocfree fixture");
    expect(Buffer.compare(readFileSync(samplePath()), readFileSync(copyOf.tracePath))).toBe(0);
    const sample = analysisGolden("sample");
    const fixture = analysisGolden(copyOf.name);
    expect(sample.tracePath).toBe(samplePath());
    checkShape(sample);
    const strip = (g: AnalysisGolden) => ({
      ...g,
      trace: "",
      tracePath: "",
      pprof: ANALYSIS_PPROF_TYPES.map((t) => g.pprof[t].samples),
    });
    expect(strip(sample)).toEqual(strip(fixture));
  });

  it("throws for a name with no golden", () => {
    expect(() => analysisGolden("no-such-trace")).toThrow(/no analysis golden for no-such-trace/);
  });
});

describe("analysisRegionProfiles()", () => {
  it("has Go 1.27.3's region profiles of every region name, and one name in no region, for a few traces", () => {
    const traces = analysisRegionProfileTraces();
    expect(traces).toEqual(["annotations-go1.21", "annotations-go1.22", "annotations-go1.27", "sample"]);
    for (const name of traces) {
      const r = analysisRegionProfiles(name);
      expect(r.goVersion).toBe("go1.27.3");
      expect(r.trace).toBe(name);
      const names = new Set(analysisGolden(name).goroutines.flatMap((g) => g.regions.map((x) => x.name)));
      names.add("no such region");
      expect(new Set(r.cases.map((c) => c.region))).toEqual(names);
      expect(r.cases).toHaveLength(names.size * ANALYSIS_PPROF_TYPES.length);
      for (const c of r.cases) {
        expect(c.sampleTypes).toEqual(["contentions/count", "delay/nanoseconds"]);
        if (c.region === "no such region") expect(c.samples).toEqual([]);
      }
    }
  });
});
