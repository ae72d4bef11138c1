// The raw decoder against Go 1.27's own -d=wire and -d=footprint output for
// every trace under ../shared/go-testdata/golden-go1.27 (tests, fuzz inputs,
// edge cases): the same stdout, the same exit status, Go's error text.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { goTestdataDir } from "@gotrace/conformance";
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

const root = join(goTestdataDir(), "golden-go1.27");
const results = new Map<string, { exit: number; stderr_first_line: string }>();
for (const line of readFileSync(join(root, "results.jsonl"), "utf8").split("\n")) {
  if (!line.trim()) continue;
  const r = JSON.parse(line) as { file: string; mode: string; exit: number; stderr_first_line: string };
  results.set(`${r.file}/${r.mode}`, r);
}

for (const group of ["tests", "fuzz", "edge"]) {
  const traces = readdirSync(join(root, group)).filter((f) => f.endsWith(".trace"));
  describe(`golden-go1.27/${group}`, () => {
    it("has traces", () => expect(traces.length).toBeGreaterThan(0));
    for (const file of traces) {
      const name = file.replace(/\.trace$/, "");
      const bytes = new Uint8Array(readFileSync(join(root, group, file)));
      for (const [mode, run] of [
        ["wire", wire],
        ["footprint", footprint],
      ] as const) {
        it(`${name} ${mode}`, () => {
          const expected = results.get(`${group}/${file}/${mode}`);
          expect(expected, "results.jsonl entry").toBeDefined();
          const got = run(bytes);
          expect(got.stdout).toBe(readFileSync(join(root, group, `${name}.${mode}.out`), "utf8"));
          expect(got.exit).toBe(expected?.exit);
          if (got.exit !== 0) expect(got.stderr).toBe(expected?.stderr_first_line);
        });
      }
    }
  });
}
