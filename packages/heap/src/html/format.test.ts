// The report names a trace format by the Go releases that write it, as the
// spec's FORMATS say (go_trace.ksy's -go-formats), not from a list of its own.
import { FORMATS } from "@gotrace/codec";
import { describe, expect, it } from "vitest";
import { goVersionOf } from "./format.js";

describe("goVersionOf", () => {
  it("names the releases the spec says write each format", () => {
    // go_trace.ksy: 22 is written by Go 1.22, 23 by Go 1.23 and 1.24, 25 by Go 1.25, 26 by Go 1.26 and 1.27.
    expect([22, 23, 25, 26].map(goVersionOf)).toEqual(["Go 1.22", "Go 1.23/1.24", "Go 1.25", "Go 1.26/1.27"]);
    expect(FORMATS.map((f) => goVersionOf(f.header))).toEqual(FORMATS.map((f) => `Go ${f.writtenBy.join("/")}`));
  });

  it("falls back to the number for a header the spec has no v2 format for", () => {
    expect(goVersionOf(21)).toBe("format 21");
    expect(goVersionOf(99)).toBe("format 99");
  });
});
