// gotrace wire and footprint against Go 1.27's own output for every trace in
// ../shared/go-testdata/golden-go1.27: same stdout byte for byte, same exit
// status, and on failure one line on stderr that carries Go's error text.
import { readFileSync } from "node:fs";
import { goGoldens } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { gotrace } from "./testing/run-cli.js";

/** First line of a Go stderr file: the error text Go printed. */
const goError = (path: string | null) => (path === null ? "" : (readFileSync(path, "utf8").split("\n")[0] ?? ""));

for (const group of ["tests", "fuzz", "edge"] as const) {
  describe(`gotrace on golden-go1.27/${group}`, () => {
    const goldens = goGoldens(group);
    it("finds the traces", () => expect(goldens.length).toBeGreaterThan(10));
    for (const g of goldens) {
      for (const mode of ["wire", "footprint"] as const) {
        it(`${mode} ${g.name}`, () => {
          const expected = g[mode];
          const run = gotrace([mode, g.tracePath]);
          expect(run.stdout.toString("utf8")).toBe(readFileSync(expected.stdout, "utf8"));
          expect(run.status).toBe(expected.exit);
          if (expected.exit !== 0) {
            const lines = run.stderr.trimEnd().split("\n");
            expect(lines).toHaveLength(1);
            expect(lines[0]).toContain(`gotrace ${mode}: `);
            const goText = goError(expected.stderr);
            const ours = lines[0] ?? "";
            // Go's text, or for the header ones the same words in ours.
            expect(ours.includes(goText) || ours.includes(goText.replace(/: (\d+)$/, " $1"))).toBe(true);
          }
        });
      }
    }
  });
}
