import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { goIsPrint } from "./isprint.js";

// Ranges printed by tools/unicode/oracles/isprint.go.txt: every maximal run of code points
// for which Go 1.27's strconv.IsPrint is true.
const ranges = readFileSync(new URL("./__fixtures__/isprint-ranges.txt", import.meta.url), "utf8")
  .split("\n")
  .filter((l) => l.length > 0 && !l.startsWith("#"))
  .map((l) => l.split(" ").map((h) => Number.parseInt(h, 16)) as [number, number]);

describe("goIsPrint", () => {
  it("agrees with Go's strconv.IsPrint on every code point", () => {
    const expected = new Uint8Array(0x110000);
    for (const [lo, hi] of ranges) expected.fill(1, lo, hi + 1);
    const mismatches: string[] = [];
    for (let r = 0; r < 0x110000; r++) {
      if (goIsPrint(r) !== (expected[r] === 1)) mismatches.push(r.toString(16));
    }
    expect(mismatches.slice(0, 20)).toEqual([]);
  });

  it("treats values outside Unicode as not printable", () => {
    expect(goIsPrint(-1)).toBe(false);
    expect(goIsPrint(0x110000)).toBe(false);
  });

  // Independent check: Go defines printable as general category L, M, N, P or S, plus
  // U+0020. JS regexps know the categories when the engine ships the same Unicode version.
  it.runIf(process.versions.unicode === "17.0")("matches Unicode 17.0 categories L, M, N, P, S and U+0020", () => {
    const graphic = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
    const mismatches: string[] = [];
    for (let r = 0; r < 0x110000; r++) {
      if (r >= 0xd800 && r <= 0xdfff) continue; // not representable as a lone code point string
      const expected = r === 0x20 || graphic.test(String.fromCodePoint(r));
      if (goIsPrint(r) !== expected) mismatches.push(r.toString(16));
    }
    expect(mismatches.slice(0, 20)).toEqual([]);
  });
});
