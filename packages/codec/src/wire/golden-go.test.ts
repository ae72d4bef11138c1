// The raw decoder against Go 1.27's own -d=wire and -d=footprint output for
// every trace under ../shared/go-testdata/golden-go1.27 (tests, fuzz inputs,
// edge cases): the same stdout, the same exit status, Go's error text.
import { readFileSync } from "node:fs";
import { goGoldens } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { TraceError } from "../errors/trace-error.js";
import { formatRawEvent } from "../text/format-event.js";
import { FootprintCounter, countFootprint } from "./footprint.js";
import { RawDecoder } from "./raw-decoder.js";

interface GoResult {
  stdout: string;
  exit: number;
  stderr: string;
}

function wire(bytes: Uint8Array): GoResult {
  const d = new RawDecoder();
  d.push(bytes);
  d.finish();
  let stdout = "";
  try {
    for (let ev = d.next(); ev !== null; ev = d.next()) stdout += `${formatRawEvent(ev)}\n`;
  } catch (err) {
    if (!TraceError.isInstance(err)) throw err;
    if (err.code === "E_TRUNCATED" && err.goTreatsAsEnd) return { stdout, exit: 0, stderr: "" };
    return { stdout, exit: 1, stderr: err.goMessage };
  }
  return { stdout, exit: 0, stderr: "" };
}

/** -d=footprint through the fast tally path, checked against counting event by event. */
function footprint(bytes: Uint8Array): GoResult {
  const run = (fast: boolean): GoResult => {
    const d = new RawDecoder();
    d.push(bytes);
    d.finish();
    const fp = new FootprintCounter();
    try {
      if (fast) countFootprint(d, fp);
      else for (let ev = d.next(); ev !== null; ev = d.next()) fp.add(ev);
    } catch (err) {
      if (!TraceError.isInstance(err)) throw err;
      if (!(err.code === "E_TRUNCATED" && err.goTreatsAsEnd)) return { stdout: "", exit: 1, stderr: err.goMessage };
    }
    return { stdout: fp.render(d.table, bytes.length), exit: 0, stderr: "" };
  };
  const fast = run(true);
  expect(fast).toEqual(run(false));
  return fast;
}

/** First line of a Go stderr file: the error text Go printed. */
const goError = (path: string | null) => (path === null ? "" : (readFileSync(path, "utf8").split("\n")[0] ?? ""));

for (const group of ["tests", "fuzz", "edge"] as const) {
  const goldens = goGoldens(group);
  describe(`golden-go1.27/${group}`, () => {
    it("has traces", () => expect(goldens.length).toBeGreaterThan(0));
    for (const g of goldens) {
      const bytes = new Uint8Array(readFileSync(g.tracePath));
      for (const [mode, run] of [
        ["wire", wire],
        ["footprint", footprint],
      ] as const) {
        it(`${g.name} ${mode}`, () => {
          const expected = g[mode];
          const got = run(bytes);
          expect(got.stdout).toBe(readFileSync(expected.stdout, "utf8"));
          expect(got.exit).toBe(expected.exit);
          if (got.exit !== 0) expect(got.stderr).toBe(goError(expected.stderr));
        });
      }
    }
  });
}
