// gotrace wire and footprint on every trace our Go programs wrote, against
// the goldens of the Go release that the manifest names: same stdout byte
// for byte, same exit status. Where Go 1.27 refuses an old alloc/free trace,
// --strict-go1.27 reproduces that refusal too.
import { fixtures, readText } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { gotrace } from "./testing/run-cli.js";

const all = fixtures();

describe("gotrace on our fixtures", () => {
  it("covers every format version, with and without alloc/free events", () => {
    expect(new Set(all.map((f) => f.header))).toEqual(new Set([21, 22, 23, 25, 26]));
    expect(all.filter((f) => f.allocFree).length).toBeGreaterThan(10);
    expect(all.some((f) => f.golden.go127 !== undefined)).toBe(true);
  });

  for (const f of all) {
    for (const mode of ["wire", "footprint"] as const) {
      it(`${mode} ${f.name} matches ${f.golden[mode].madeBy}`, () => {
        const golden = f.golden[mode];
        const run = gotrace([mode, f.tracePath]);
        expect(run.stdout.toString("utf8")).toBe(readText(golden.stdoutPath));
        expect(run.status).toBe(golden.exit);
        if (golden.exit !== 0) expect(run.stderr).toContain(golden.stderrFirstLine ?? "");
      });
      const strict = f.golden.go127?.[mode];
      if (strict) {
        it(`${mode} --strict-go1.27 ${f.name} matches ${strict.madeBy}`, () => {
          const run = gotrace([mode, "--strict-go1.27", f.tracePath]);
          expect(run.stdout.toString("utf8")).toBe(readText(strict.stdoutPath));
          expect(run.status).toBe(strict.exit);
          expect(run.stderr).toContain(strict.stderrFirstLine ?? "");
        });
      }
    }
  }
});
