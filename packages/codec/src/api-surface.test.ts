// The package's public surface, pinned. What users can import changes only by
// a deliberate edit of these lists (and a changeset), never as a side effect
// of exporting a helper another @gotrace package needs.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { expect, test } from "vitest";
import * as root from "./index.js";
import * as internal from "./internal.js";

const ROOT = [
  "ALLOC_FREE_EXPERIMENT",
  "BinaryToText",
  "ByteReader",
  "ByteWriter",
  "EV",
  "EVENT_SPECS",
  "EVENT_TABLE_LENGTH",
  "EXPERIMENTS",
  "FORMATS",
  "FootprintCounter",
  "LIMITS",
  "OLD_FORMATS",
  "RawDecoder",
  "RawEncoder",
  "RawEvent",
  "STACK_FRAME_FIELDS",
  "TextReader",
  "TextStreamReader",
  "TextToBinary",
  "TraceError",
  "UNNAMED_EVENT",
  "binaryToText",
  "chunksOf",
  "countFootprint",
  "decodeAllocFreeBatch",
  "encodeAllocFreeBatch",
  "encodeHeader",
  "formatRawEvent",
  "formatRawRecord",
  "formatTextEvent",
  "parseHeader",
  "parseTextTrace",
  "rawEvents",
  "rawEventsFromStream",
  "recordsToText",
  "textEventNames",
  "textHeaderLine",
  "textToBinary",
  "toTypedEvent",
  "u64ToBigInt",
  "u64ToDecimal",
  "u64ToNumber",
  "uvarintSize",
  "writeTypedEvent",
];

/** `@gotrace/codec/internal`: for @gotrace packages only, no semver guarantee. */
const INTERNAL = [
  "ERR_SYNTAX_MESSAGE",
  "MAX_UVARINT_BYTES",
  "TWO32",
  "UVARINT_OVERFLOW",
  "UVARINT_SHORT",
  "StringTable",
  "concatBytes",
  "decodeUvarint",
  "encodeProfileMessage",
  "goQuote",
  "goSortFunc",
  "goUnquote",
  "gzip",
  "rawResumePoint",
  "rawTable",
  "resumeRawDecoder",
  "scanBatches",
  "u64ToDouble",
];

/** Implementation details that must never be importable from the package root. */
const NEVER_PUBLIC = [
  "goQuote",
  "goUnquote",
  "goSortFunc",
  "goIsPrint",
  "formatFixed2",
  "renderFootprint",
  "formatTable",
  "TabWriter",
  "rawTable",
  "HEADER_SCAN",
  "NEED_MORE",
  "splitU64",
  "decodeUvarint",
  "TWO32",
  "u64ToDouble",
];

test("the root exports exactly the public API", () => {
  expect(Object.keys(root).sort()).toEqual([...ROOT].sort());
});

test("the internal subpath exports exactly what the other packages need", () => {
  expect(Object.keys(internal).sort()).toEqual([...INTERNAL].sort());
});

test("no internal helper is exported from the root", () => {
  expect(Object.keys(root).filter((name) => NEVER_PUBLIC.includes(name))).toEqual([]);
});

test("package.json publishes the root and the internal subpath, nothing else", () => {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  expect(Object.keys(pkg.exports).sort()).toEqual([".", "./internal", "./package.json"]);
});

test("the published root declarations export no internal type", () => {
  // Types are erased at run time, so they are checked on the built declarations (the build runs
  // before the tests), with the names TypeScript itself sees exported from dist/index.d.ts.
  const names = declaredExports(new URL("../dist/index.d.ts", import.meta.url));
  expect(names.filter((name) => ["CompareFunc", "SortProbe", "SortPath", "TabWriterOptions"].includes(name))).toEqual(
    [],
  );
  for (const name of [...ROOT, ...["TraceErrorCode", "TypedEvent", "GoCreateEvent", "RawTable"]])
    expect(names).toContain(name);
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
