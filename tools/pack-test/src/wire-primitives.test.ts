// One set of wire primitives: the uvarint decoder, 2^32 and the record stride
// each have one home, and no package brings back a copy of its own. Inline
// copies kept for measured speed are named here, each with its test.
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, it } from "vitest";
import { ROOT } from "./workspace.js";

/** The hand-written, non-test TypeScript of every package. */
function sources(): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, d.name);
      if (d.isDirectory()) {
        if (d.name !== "gen" && d.name !== "node_modules") walk(path);
      } else if (d.name.endsWith(".ts") && !d.name.endsWith(".test.ts")) {
        out.push({ path: relative(ROOT, path), text: readFileSync(path, "utf8") });
      }
    }
  };
  for (const pkg of readdirSync(join(ROOT, "packages"))) walk(join(ROOT, "packages", pkg, "src"));
  return out;
}

/** The files whose text matches `re`, sorted. */
function filesMatching(re: RegExp): string[] {
  return sources()
    .filter((f) => re.test(f.text))
    .map((f) => f.path)
    .sort();
}

it("2^32 is written once, as the codec's TWO32", () => {
  expect(filesMatching(/0x1_0000_0000|0x100000000\b|2 \*\* 32\b|TWO32 =/)).toEqual([
    "packages/codec/src/wire/uint64.ts",
  ]);
});

it("uvarints are decoded by decodeUvarint, and by the raw decoder's measured inline copy", () => {
  // The step every halves-accumulating decoder has: the group that straddles bit 32.
  expect(filesMatching(/& 0x0f\) << 28/)).toEqual([
    "packages/codec/src/wire/raw-decoder.ts", // raw-decoder-varint.test.ts checks it against decodeUvarint
    "packages/codec/src/wire/uvarint.ts",
  ]);
});

it("strconv.Unquote has one port, the codec's goUnquote", () => {
  expect(filesMatching(/function \w*[uU]nquote\w*\s*\(/)).toEqual(["packages/codec/src/gofmt/unquote.ts"]);
});

it("the record stride is the reader's RECORD_STRIDE (and the event batches' their own, one place each)", () => {
  // event-batches.ts carries whole Events between threads: ten values each, not the heap's records.
  expect(filesMatching(/STRIDE\s*=\s*\d/)).toEqual([
    "packages/reader/src/remote/event-batches.ts",
    "packages/reader/src/scan.ts",
  ]);
});
