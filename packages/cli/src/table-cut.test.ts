// A trace whose last sync batch is whole but ends inside its ClockSnapshot (or
// Frequency) event: Go 1.27's reader takes that for the end of the trace and
// `go tool trace -d=parsed` prints the generations before it and exits 0.
// gotrace events prints the same bytes and validate accepts it, each with one
// warning line that says where Go stopped reading.
import { readFileSync } from "node:fs";
import { storedTableCuts } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { gotrace } from "./testing/run-cli.js";

describe("traces whose sync batch ends inside an event", () => {
  for (const cut of storedTableCuts()) {
    const warning = new RegExp(
      `^gotrace (events|validate): warning: .*${cut.name}\\.trace: the batch at byte ${cut.batch} ends inside one of its events; Go's reader takes that for the end of the trace without a word, so its generation and the \\d+ bytes from there are left out\\n$`,
    );

    it(`${cut.name}: events prints Go's -d=parsed byte for byte, with one warning`, () => {
      const r = gotrace(["events", cut.tracePath]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toEqual(readFileSync(cut.stdoutPath));
      expect(r.stderr).toMatch(warning);
    });

    it(`${cut.name}: validate accepts it, as Go does, with one warning`, () => {
      const r = gotrace(["validate", cut.tracePath]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout.toString()).toMatch(/: valid: \d+ events in \d+ generations\n$/);
      expect(r.stderr).toMatch(warning);
    });
  }
});
