// The README's promise for damaged traces, command by command: exit status 0
// or 1, and at most one line on stderr (exactly one on failure), never a
// stack trace; and for go 1.11-1.21 traces, which have no generations, no
// word about generations.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixture } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { gotrace } from "./testing/run-cli.js";

const work = mkdtempSync(join(tmpdir(), "gotrace-one-line-"));
const COMMANDS = [["validate"], ["events"], ["wire"], ["footprint"], ["text"], ["heap", "--json"]];

/** The trace cut at 60%, and with the byte at 40% inverted. */
function damaged(name: string): [string, string][] {
  const bytes = readFileSync(fixture(name).tracePath);
  const cut = join(work, `${name}-cut.trace`);
  writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
  const flipped = Buffer.from(bytes);
  const at = Math.floor(bytes.length * 0.4);
  flipped[at] = (flipped[at] as number) ^ 0xff;
  const flip = join(work, `${name}-flip.trace`);
  writeFileSync(flip, flipped);
  return [
    ["cut at 60%", cut],
    [`byte ${at} inverted`, flip],
  ];
}

describe("damaged traces: one line at most, never a stack trace", () => {
  for (const name of ["gc-go1.21", "generations-go1.22", "heapknown-go1.23-allocfree", "generations-go1.27"]) {
    it(`${name}`, () => {
      const v1 = name.endsWith("go1.21");
      let failures = 0;
      for (const [damage, path] of damaged(name)) {
        for (const args of COMMANDS) {
          const what = `${args.join(" ")} on ${name}, ${damage}`;
          const run = gotrace([...args, path]);
          expect([0, 1], what).toContain(run.status);
          expect(run.stderr, what).not.toMatch(/^\s+at /m);
          const lines = run.stderr === "" ? [] : run.stderr.split("\n").slice(0, -1);
          expect(lines.length, `${what}: ${run.stderr}`).toBeLessThanOrEqual(1);
          expect(run.stderr.endsWith("\n") || run.stderr === "", what).toBe(true);
          if (run.status === 1) {
            failures++;
            expect(lines, what).toHaveLength(1);
            expect(lines[0]).toMatch(new RegExp(`^gotrace ${args[0]}: `));
            if (v1) expect(lines[0], what).not.toMatch(/generation/);
          }
        }
      }
      // The damage is real: at least validate and events refuse one of the two.
      expect(failures).toBeGreaterThanOrEqual(2);
    });
  }
});
