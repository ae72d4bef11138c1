// gotrace events on traces whose strings are not valid UTF-8: Go prints
// stack frames' function and file names as raw bytes and quotes the rest with
// \xNN escapes; stdout must be Go 1.27.3's -d=parsed byte for byte.
import { readFileSync } from "node:fs";
import { craftedTraces } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { gotrace } from "./testing/run-cli.js";

describe("gotrace events with invalid UTF-8 in trace strings", () => {
  for (const c of craftedTraces()) {
    it(`${c.name}: Go's -d=parsed bytes`, () => {
      const run = gotrace(["events", c.tracePath]);
      const want = readFileSync(c.parsed.stdoutPath);
      expect(run.stderr).toBe("");
      expect(run.status).toBe(c.parsed.exit);
      expect(run.stdout.length).toBe(want.length);
      // Not toEqual on strings: decoding both sides would hide the very bytes under test.
      expect(Buffer.compare(run.stdout, want)).toBe(0);
      // The golden really has raw invalid bytes (0xff) and \xNN-escaped ones.
      expect(want.includes(0xff)).toBe(true);
      expect(want.includes("\\x")).toBe(true);
    });
  }

  it("reads the same through standard input", () => {
    const c = craftedTraces()[0]!;
    const run = gotrace(["events", "-"], readFileSync(c.tracePath));
    expect(Buffer.compare(run.stdout, readFileSync(c.parsed.stdoutPath))).toBe(0);
  });
});
