// gotrace mmu, run as a user runs it: the JSON's curve is Go's (the goldens of
// tools/go-oracle, for the /mmu page's default flags and for another
// combination), the table shows the same numbers, and a broken trace is
// measured up to its last Sync with one warning and a `limits` entry.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyzeMMU, formatDuration } from "@gotrace/analysis";
import { analysisGolden, fixture, readBytes, samplePath } from "@gotrace/conformance";
import { describe, expect, test } from "vitest";
import { gotrace } from "./testing/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "gotrace-mmu-cli-"));

function json(args: string[]) {
  const r = gotrace(args);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout.toString());
}

/** The golden's combination with these flag bits. */
function combination(name: string, flagsValue: number) {
  const golden = analysisGolden(name);
  const c = golden.mmu?.combinations.find((x) => x.flagsValue === flagsValue);
  if (c === undefined || golden.mmu === null) throw new Error(`no golden combination ${flagsValue} for ${name}`);
  return { golden, mmu: golden.mmu, c };
}

describe("--json equals Go's curve", () => {
  for (const name of ["sched-go1.27", "gc-go1.27", "sample"]) {
    test(`${name}, default flags (stw, background, assist)`, () => {
      const path = name === "sample" ? samplePath() : fixture(name).tracePath;
      const out = json(["mmu", "--json", path]);
      const { golden, mmu, c } = combination(name, 7);
      expect(out.schema).toBe("gotrace.mmu/v1");
      expect(out.flags).toEqual(["stw", "background", "assist"]);
      expect(out.flagsValue).toBe(7);
      expect(out.trace).toEqual({ events: golden.eventsKept, startTime: golden.startTime, endTime: golden.endTime });
      expect(out.durationNs).toBe(golden.durationNs);
      expect(out.seriesLengths).toEqual(c.seriesLengths);
      expect(out.mudQuantiles).toEqual(mmu.mudQuantiles);
      expect(out.points).toEqual(c.points);
      expect(out.limits).toEqual([]);
    });
  }

  test("--per-p --flags stw,sweep is the golden's combination 25 (stw | sweep | perProc)", () => {
    const out = json(["mmu", "--json", "--per-p", "--flags", "stw,sweep", fixture("gc-go1.27").tracePath]);
    const { c } = combination("gc-go1.27", 25);
    expect(out.flags).toEqual(["stw", "sweep", "perProc"]);
    expect(out.seriesLengths).toEqual(c.seriesLengths);
    expect(out.points).toEqual(c.points);
  });

  test("--windows and --worst choose the windows and how many worst ones", async () => {
    const path = fixture("gc-go1.27").tracePath;
    const out = json(["mmu", "--json", "--windows", "2ms,500us", "--worst", "2", path]);
    const { curve } = await analyzeMMU(readBytes(path));
    expect(out.points.map((p: { window: number }) => p.window)).toEqual([2e6, 5e5]);
    expect(out.points[0].mmu).toBe(curve.mmu(2e6));
    expect(out.points[1].examples).toEqual(curve.examples(5e5, 2));
  });
});

describe("table", () => {
  test("one row per window: the window in Go's format, the MMU and the worst windows from the trace's start", () => {
    const r = gotrace(["mmu", samplePath()]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const text = r.stdout.toString();
    const { golden, c } = combination("sample", 7);
    const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
    expect(text).toContain("counting stw, background, assist against it, system-wide");
    for (const p of c.points) {
      const worst = p.examples.map((e) => `${formatDuration(e.time - golden.startTime)}: ${pct(e.mutatorUtil)}`);
      const row = text.split("\n").find((l) => l.trim().startsWith(`${formatDuration(p.window)} `));
      expect(row, `row for ${p.window}`).toBeDefined();
      expect(row?.trim().split(/\s+/).slice(0, 2)).toEqual([formatDuration(p.window), pct(p.mmu)]);
      expect(row).toContain(worst.join(", "));
    }
  });

  test("a trace without a GOMAXPROCS metric reads 1 everywhere and says why", () => {
    const r = gotrace(["mmu", fixture("block-go1.21").tracePath]);
    expect(r.status).toBe(0);
    expect(r.stdout.toString()).toContain("100.00%");
    expect(r.stdout.toString()).toMatch(/no GOMAXPROCS metric/);
  });
});

describe("problems", () => {
  test("a broken trace: measured up to its last Sync, one warning, a limits entry", async () => {
    // Several generations, so the cut leaves whole ones before the break.
    const bytes = readBytes(fixture("generations-go1.27").tracePath);
    const cut = join(dir, "cut.trace");
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    const r = gotrace(["mmu", "--json", cut]);
    expect(r.status).toBe(0);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/up to the last Sync before that point/);
    const out = JSON.parse(r.stdout.toString());
    const a = await analyzeMMU(readBytes(cut), { keepPartial: true });
    expect(out.trace.events).toBe(a.utilization.events);
    expect(out.eventsRead).toBe(a.eventsRead);
    // A cut between generations loses the events of the broken one, so what was read ends at a Sync too.
    expect(out.trace.events).toBeGreaterThan(0);
    expect(out.trace.events).toBeLessThanOrEqual(out.eventsRead);
    expect(out.limits).toEqual(a.limits);
    expect(out.limits[0]).toMatch(/broken/);
  });

  test("usage mistakes exit 2", () => {
    const path = samplePath();
    expect(gotrace(["mmu", "--flags", "gc", path]).status).toBe(2);
    expect(gotrace(["mmu", "--windows", "soon", path]).status).toBe(2);
    expect(gotrace(["mmu", "--worst", "-1", path]).status).toBe(2);
  });

  test("not a trace: one line, exit 1", () => {
    const junk = join(dir, "junk.trace");
    writeFileSync(junk, "not a trace at all\n");
    const r = gotrace(["mmu", junk]);
    expect(r.status).toBe(1);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  });
});
