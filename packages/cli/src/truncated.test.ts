// Broken traces through the CLI: a trace cut at any byte gets every event of
// its complete generations on stdout, then at most two lines on stderr that
// say where it broke and how much was lost; never a crash, a hang, or a dump
// of the reader's internal state.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixture } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { gotrace } from "./run-cli.test-util.js";

const work = mkdtempSync(join(tmpdir(), "gotrace-cut-"));

describe("gotrace events on cut traces", () => {
  for (const name of ["generations-go1.22", "generations-go1.25", "generations-go1.27"]) {
    it(`${name}: complete generations survive, the error is short`, () => {
      const f = fixture(name);
      const bytes = readFileSync(f.tracePath);
      // A Sync's time depends on the batches its generation has, which a cut changes.
      const lines = (out: Buffer) =>
        out
          .toString()
          .replace(/ Sync Time=\d+/g, " Sync")
          .split("\n");
      const full = lines(gotrace(["events", f.tracePath]).stdout);
      // Cuts spread over the file, plus the bytes right after each 4 KiB.
      const cuts = new Set<number>();
      for (let i = 1; i < 24; i++) cuts.add(Math.floor((bytes.length * i) / 24));
      for (const cut of cuts) {
        const path = join(work, `${name}-${cut}.trace`);
        writeFileSync(path, bytes.subarray(0, cut));
        const run = gotrace(["events", path]);
        expect([0, 1], `cut at ${cut}`).toContain(run.status);
        const got = lines(run.stdout);
        // Whatever was printed before the last Sync is what the full trace prints.
        const lastSync = got.findLastIndex((l) => l.includes(" Sync "));
        expect(got.slice(0, lastSync), `cut at ${cut}: ${run.status} ${run.stderr}`).toEqual(full.slice(0, lastSync));
        if (run.status === 1) {
          const err = run.stderr.trimEnd().split("\n");
          expect(err.length, run.stderr).toBeLessThanOrEqual(2);
          expect(err[0]).toMatch(/^gotrace events: /);
          expect(run.stderr).toMatch(/lost \d+\.\d\d% of the trace/);
          expect(run.stderr).not.toMatch(/^M \d+ \[/m);
        }
      }
    });
  }
});
