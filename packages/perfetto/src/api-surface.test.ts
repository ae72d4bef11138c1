// The package's public surface, pinned. What users can import changes only by
// a deliberate edit of these lists (and a changeset), never as a side effect
// of exporting a piece of the exporter.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { expect, test } from "vitest";
import * as root from "./index.js";

const ROOT = [
  "ChromeTraceExporter",
  "PerfettoExporter",
  "chromeTraceChunks",
  "exportPerfetto",
  "perfettoChunks",
  "perfettoStream",
];

const TYPES = ["PerfettoOptions", "TraceSource"];

test("the root exports exactly the public API", () => {
  expect(Object.keys(root).sort()).toEqual([...ROOT].sort());
});

test("package.json publishes the root, nothing else", () => {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  expect(Object.keys(pkg.exports).sort()).toEqual([".", "./package.json"]);
});

test("the published declarations export the API and its types, and nothing generated", () => {
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
