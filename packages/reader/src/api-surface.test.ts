// The package's public surface, pinned. What users can import changes only by
// a deliberate edit of these lists (and a changeset), never as a side effect
// of exporting what @gotrace/heap needs.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { expect, test } from "vitest";
import * as root from "./index.js";
import * as internal from "./internal.js";

const ROOT = [
  "Event",
  "EventKind",
  "GoState",
  "ProcState",
  "ResourceKind",
  "TraceReader",
  "formatEvent",
  "formatEventBytes",
  "formatEventExact",
  "formatRFC3339Nano",
  "goStateName",
  "procStateName",
  "readTrace",
  "resourceKindName",
  "v1Converter",
];

/** `@gotrace/reader/internal`: the record protocol with @gotrace/heap, the CLI's buffer reuse and analysis's transition and range readers, no semver guarantee. */
const INTERNAL = [
  "EVENT_RECORD_STRIDE",
  "EventBatchReader",
  "EventBatchWriter",
  "RECORD_STOP",
  "RECORD_STRIDE",
  "bytesHeldFrom",
  "readRange",
  "readTransition",
  "scanRecords",
];

/** Implementation details that must never be importable from the package root. */
const NEVER_PUBLIC = [
  "EVENT_RECORD_STRIDE",
  "EventBatchReader",
  "EventBatchWriter",
  "RECORD_STOP",
  "RECORD_STRIDE",
  "bytesHeldFrom",
  "readRange",
  "readTransition",
  "scanRecords",
  "goQuote",
  "goSortFunc",
];

test("the root exports exactly the public API", () => {
  expect(Object.keys(root).sort()).toEqual([...ROOT].sort());
});

test("the internal subpath exports exactly the record protocol, the event batches, bytesHeldFrom, readTransition and readRange", () => {
  expect(Object.keys(internal).sort()).toEqual([...INTERNAL].sort());
});

test("no internal helper is exported from the root", () => {
  expect(Object.keys(root).filter((name) => NEVER_PUBLIC.includes(name))).toEqual([]);
});

test("the published declarations have no scanRecords method; the internal subpath declares the function", () => {
  // stripInternal drops the @internal method from dist/*.d.ts (the build runs before the tests).
  const dist = new URL("../dist/", import.meta.url);
  const declarations = readdirSync(dist).filter((f) => f.endsWith(".d.ts"));
  expect(declarations).toContain("index.d.ts");
  const text = (f: string) => readFileSync(new URL(f, dist), "utf8");
  expect(declarations.filter((f) => /\bscanRecords\(sink/.test(text(f)))).toEqual([]);
  expect(text("internal.d.ts")).toMatch(/declare function scanRecords\(reader: TraceReader/);
  // The same for the heldFrom getter and its internal function.
  expect(declarations.filter((f) => /\bget heldFrom\(/.test(text(f)))).toEqual([]);
  expect(text("internal.d.ts")).toMatch(/declare function bytesHeldFrom\(reader: TraceReader/);
});

test("package.json publishes the root and the internal subpath, nothing else", () => {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  expect(Object.keys(pkg.exports).sort()).toEqual([".", "./internal", "./package.json"]);
});

test("the published root declarations export no internal type", () => {
  // Types are erased at run time, so they are checked on the built declarations (the build runs
  // before the tests), with the names TypeScript itself sees exported from dist/index.d.ts.
  const names = declaredExports(new URL("../dist/index.d.ts", import.meta.url));
  expect(names.filter((name) => ["RecordSink"].includes(name))).toEqual([]);
  for (const name of [...ROOT, ...["ReaderOptions", "Frame", "U64"]]) expect(names).toContain(name);
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
