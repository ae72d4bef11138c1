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
  "PROFILE_COMMENT",
  "SAMPLE_TYPES",
  "SIZE_CLASS_TABLES",
  "analyzeHeap",
  "analyzeHeapInWorker",
  "encodeHeapProfile",
  "formatSummary",
  "gzipHeapProfile",
  "heapLayoutOf",
  "objectAddress",
  "objectIdOf",
  "renderHtmlReport",
  "serveHeapAnalysis",
  "sizeClassTableFor",
  "spanAddress",
  "spanIdOf",
  "stackAddress",
  "stackIdOf",
  "stackSizeOfOrder",
];

/** `@gotrace/heap/html`: the HTML report alone, as a page or as parts for another page. */
const HTML = ["renderHtmlParts", "renderHtmlReport"];

/** The analysis's internals: the mutable analyzer, the digester, the records and worker messages between them. */
const NEVER_PUBLIC = [
  "HeapAnalyzer",
  "HeapDigester",
  "RECORD_KIND",
  "RECORD_STRIDE",
  "buildReport",
  "pprofInputOf",
  "joinReport",
  "finishReport",
  "analyzerOptions",
  "typedPort",
  "MAX_IN_FLIGHT",
];

test("the root exports exactly the public API", () => {
  expect(Object.keys(root).sort()).toEqual([...ROOT].sort());
});

test("the html subpath exports the renderers alone", () => {
  expect(Object.keys(html).sort()).toEqual([...HTML].sort());
});

test("no piece of the analysis is exported from the root", () => {
  expect(Object.keys(root).filter((name) => NEVER_PUBLIC.includes(name))).toEqual([]);
});

test("package.json publishes the root and the html subpath, nothing else", () => {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  expect(Object.keys(pkg.exports).sort()).toEqual([".", "./html", "./package.json"]);
});

test("the published declarations export no internal type", () => {
  // Types are erased at run time, so they are checked on the built declarations (the build runs
  // before the tests), with the names TypeScript itself sees exported from dist/index.d.ts.
  const names = declaredExports(new URL("../dist/index.d.ts", import.meta.url));
  for (const internal of [
    "HeapAnalyzer",
    "HeapDigester",
    "PipelineMessage",
    "WorkerResult",
    "RecordChunk",
    "SyncData",
  ]) {
    expect(names).not.toContain(internal);
  }
  for (const name of [...ROOT, "HeapResult", "HeapOptions", "HeapWorkerOptions", "WorkerPort", "HeapWorkerMessage"]) {
    expect(names).toContain(name);
  }
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
