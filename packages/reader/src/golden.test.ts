// The conformance oracle: every trace with Go 1.27.3's `go tool trace
// -d=parsed` output (TZ=UTC) must print the same bytes and end with the same
// error, or with none.
import { readFileSync } from "node:fs";
import { fixtures, goGoldens, readBytes, readText } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { runParsed } from "./testing/run.js";

/** First line of Go's stderr (the rest of a "failed to advance" dump is map-ordered). */
function firstLine(s: string): string {
  const nl = s.indexOf("\n");
  return nl < 0 ? s : s.slice(0, nl);
}

for (const group of ["tests", "fuzz", "edge"] as const) {
  describe(`golden-go1.27/${group}`, () => {
    for (const g of goGoldens(group)) {
      const bytes = new Uint8Array(readFileSync(g.tracePath));
      it(g.name, () => {
        const r = runParsed(bytes);
        expect(r.out).toBe(readFileSync(g.parsed.stdout, "utf8"));
        if (g.parsed.exit === 0) {
          expect(r.error).toBeNull();
        } else if (g.parsed.exit === 2) {
          // Go panicked (edge/exp7: unknown experiment id); we report an error instead.
          expect(r.error).not.toBeNull();
          expect(r.error!.goMessage).toBe(firstLine(readFileSync(g.parsed.stderr!, "utf8")));
        } else {
          expect(r.error?.goMessage.split("\n")[0]).toBe(firstLine(readFileSync(g.parsed.stderr!, "utf8")));
        }
      });
    }
  });
}

describe("fixtures (Go 1.27.3 -d=parsed)", () => {
  for (const f of fixtures()) {
    it(f.name, () => {
      const r = runParsed(readBytes(f.tracePath));
      const golden = f.golden.parsed;
      if (f.header < 22) {
        // Go's v1 output is not deterministic: compare the lines as multisets.
        expect(r.out.split("\n").sort()).toEqual(readText(golden.stdoutPath).split("\n").sort());
      } else {
        expect(r.out).toBe(readText(golden.stdoutPath));
      }
      if (golden.exit === 0) expect(r.error).toBeNull();
      else expect(r.error?.goMessage.split("\n")[0]).toBe(golden.stderrFirstLine);
    });
  }
});
