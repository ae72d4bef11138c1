// The package's public surface, pinned. What users can import changes only by
// a deliberate edit of these lists (and a changeset), never as a side effect
// of exporting a piece of the analysis.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { expect, test } from "vitest";
import * as html from "./html/index.js";
import * as root from "./index.js";

const ROOT = [
  "BLOCKING_SAMPLE_TYPES",
  "BlockingProfiler",
  "DEFAULT_UTIL_FLAGS",
  "GoroutineSummarizer",
  "MMUCurve",
  "PROFILE_TYPES",
  "UTIL_FLAG_NAMES",
  "UtilFlags",
  "UtilizationBuilder",
  "analyzeMMU",
  "analyzeTrace",
  "blockingProfile",
  "durationHistogram",
  "durationQuantiles",
  "encodeBlockingProfile",
  "formatDuration",
  "groupGoroutines",
  "gzipBlockingProfile",
  "histogramBucket",
  "isSystemGoroutine",
  "mmuWindows",
  "parseUtilFlags",
  "regionTypeStats",
  "sampleMMUCurve",
  "serveTraceReading",
  "taskTypeStats",
  "utilFlagNames",
];

const TYPES = [
  "AnalysisOptions",
  "BlockingProfile",
  "BlockingProfileOptions",
  "DurationHistogram",
  "EventRef",
  "ExecStats",
  "FrameRef",
  "GoroutineGroup",
  "GoroutineSummary",
  "HistogramBucket",
  "MMUAnalysis",
  "MMUCurvePoint",
  "MMUOptions",
  "MutatorUtil",
  "ProfileFilter",
  "ProfileFrame",
  "ProfileSample",
  "ProfileType",
  "Quantiles",
  "ReadingMessage",
  "ReadingPort",
  "RegionSummary",
  "RegionTypeStats",
  "TaskLog",
  "TaskSummary",
  "TaskTypeStats",
  "TraceAnalysis",
  "TraceSource",
  "TraceSummary",
  "UtilWindow",
  "Utilization",
  "UtilizationSeries",
];

/** `@gotrace/analysis/html`: the page renderer alone. */
const HTML = ["renderAnalysisHtml"];

const HTML_TYPES = ["AnalysisHtmlOptions", "HtmlParts"];

test("the root exports exactly the public API", () => {
  expect(Object.keys(root).sort()).toEqual([...ROOT].sort());
});

test("the html subpath exports the renderer alone", () => {
  expect(Object.keys(html).sort()).toEqual([...HTML].sort());
});

test("package.json publishes the root and the html subpath, nothing else", () => {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  expect(Object.keys(pkg.exports).sort()).toEqual([".", "./html", "./package.json"]);
});

test("the published html declarations export the renderer and its types", () => {
  const names = declaredExports(new URL("../dist/html.d.ts", import.meta.url));
  expect([...names].sort()).toEqual([...HTML, ...HTML_TYPES].sort());
}, 60_000);

test("the published declarations export the API and its types, and no summarizer internals", () => {
  // Types are erased at run time, so they are checked on the built declarations (the build runs before the tests).
  const names = declaredExports(new URL("../dist/index.d.ts", import.meta.url));
  expect([...names].sort()).toEqual([...ROOT, ...TYPES].sort());
}, 60_000);

/** Every name (value or type) a declaration file exports, as the TypeScript compiler resolves them. */
function declaredExports(file: URL): string[] {
  const path = fileURLToPath(file);
  const program = ts.createProgram([path], { noEmit: true, noLib: true, types: [] });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(path);
  const module = source && checker.getSymbolAtLocation(source);
  if (module === undefined) throw new Error(`${path}: no module to read exports from (is the package built?)`);
  return checker.getExportsOfModule(module).map((s) => s.name);
}
