// gotrace goroutines, tasks and regions, run as a user runs them: the JSON is
// the analysis of @gotrace/analysis (itself pinned to Go's goldens) under a
// versioned schema, the tables show the same numbers, and a broken trace is
// analysed up to the break with one warning and a `limits` entry.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyzeTrace, formatDuration } from "@gotrace/analysis";
import { analysisGolden, fixture, readBytes, samplePath } from "@gotrace/conformance";
import { describe, expect, test } from "vitest";
import { gotrace } from "./testing/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "gotrace-analysis-cli-"));
const annotations = fixture("annotations-go1.27").tracePath;

function json(args: string[]) {
  const r = gotrace(args);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout.toString());
}

describe("--json", () => {
  test("goroutines: schema gotrace.goroutines/v1, Go's goroutines, groups adding up to them", async () => {
    const out = json(["goroutines", "--json", annotations]);
    const golden = analysisGolden("annotations-go1.27");
    expect(out.schema).toBe("gotrace.goroutines/v1");
    expect(out.limits).toEqual([]);
    expect(out.trace.events).toBe(golden.eventsRead);
    expect(out.goroutines.map((g: { id: number }) => g.id)).toEqual(golden.goroutines.map((g) => g.id));
    expect(out.goroutines[0].stats).toEqual(golden.goroutines[0]?.stats);
    const { groups } = await analyzeTrace(readBytes(annotations));
    expect(out.groups).toEqual(groups);
  });

  test("tasks: schema gotrace.tasks/v1, Go's tasks and the per-type stats", async () => {
    const out = json(["tasks", "--json", annotations]);
    const golden = analysisGolden("annotations-go1.27");
    expect(out.schema).toBe("gotrace.tasks/v1");
    expect(out.tasks.map((t: { id: number }) => t.id)).toEqual(golden.tasks.map((t) => t.id));
    expect(out.tasks.map((t: { complete: boolean }) => t.complete)).toEqual(golden.tasks.map((t) => t.complete));
    const { taskTypes } = await analyzeTrace(readBytes(annotations));
    expect(out.types).toEqual(taskTypes);
    expect(out.types.length).toBeGreaterThan(0);
  });

  test("regions: schema gotrace.regions/v1, every goroutine region in one type", () => {
    const out = json(["regions", "--json", annotations]);
    const golden = analysisGolden("annotations-go1.27");
    expect(out.schema).toBe("gotrace.regions/v1");
    const regions = golden.goroutines.reduce((n, g) => n + g.regions.length, 0);
    expect(out.types.reduce((n: number, t: { count: number }) => n + t.count, 0)).toBe(regions);
  });
});

describe("tables", () => {
  test("goroutines lists the groups with Go's execution time, in Go's duration format", async () => {
    const r = gotrace(["goroutines", samplePath()]);
    expect(r.status).toBe(0);
    const text = r.stdout.toString();
    const { groups } = await analyzeTrace(readBytes(samplePath()));
    const first = groups[0];
    expect(first).toBeDefined();
    const row = text.split("\n").find((l) => l.startsWith(`${first?.name} `));
    expect(row).toContain(formatDuration(first?.stats.execTime ?? -1));
    // Aligned: every row of the first table is as long as its header or shorter, columns end together.
    const header = text.split("\n").find((l) => l.startsWith("START FUNCTION")) ?? "";
    expect(header.endsWith("TOTAL")).toBe(true);
    expect(row?.length).toBe(header.length);
  });

  test("--top and --sort", () => {
    const r = gotrace(["goroutines", "--top", "2", "--sort", "total", samplePath()]);
    expect(r.status).toBe(0);
    expect(r.stdout.toString()).toMatch(/more start functions; --top N shows more/);
    expect(gotrace(["tasks", "--sort", "nope", annotations]).status).toBe(2);
    expect(gotrace(["regions", "--top", "0", annotations]).status).toBe(2);
  });

  test("tasks and regions name the types of the trace", () => {
    const golden = analysisGolden("annotations-go1.27");
    const tasks = gotrace(["tasks", annotations]).stdout.toString();
    for (const t of golden.tasks.filter((x) => x.name !== "")) expect(tasks).toContain(t.name);
    const regions = gotrace(["regions", annotations]).stdout.toString();
    for (const g of golden.goroutines)
      for (const x of g.regions.filter((y) => y.name !== "")) expect(regions).toContain(x.name);
  });
});

describe("a broken trace", () => {
  test("is analysed up to the break, with one warning line and a limits entry", () => {
    const bytes = readBytes(samplePath());
    const cut = join(dir, "cut.trace");
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    for (const command of ["goroutines", "tasks", "regions"]) {
      const r = gotrace([command, "--json", cut]);
      expect(r.status, command).toBe(0);
      const lines = r.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(`^gotrace ${command}: warning: .*the analysis covers the \\d+ events before that point$`),
      );
      const out = JSON.parse(r.stdout.toString());
      expect(out.limits).toHaveLength(1);
      expect(out.limits[0]).toMatch(/^The trace is broken/);
      expect(out.trace.events).toBeGreaterThan(0);
    }
  });

  test("Go's rejected fixture gives the events Go summarised", () => {
    const name = "annotations-go1.27-allocfree-rejected";
    const r = gotrace(["goroutines", "--json", fixture(name).tracePath]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.toString()).trace.events).toBe(analysisGolden(name).eventsRead);
  });

  test("a file that is not a trace fails in one line", () => {
    const junk = join(dir, "junk.trace");
    writeFileSync(junk, "not a trace at all, just text\n");
    const r = gotrace(["tasks", junk]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^gotrace tasks: /);
  });
});
