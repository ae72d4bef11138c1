// gotrace wire and footprint against Go 1.27's own output for every trace in
// ../shared/go-testdata/golden-go1.27: same stdout byte for byte, same exit
// status, and on failure one line on stderr that carries Go's error text.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { goTestdataDir } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { gotrace } from "./run-cli.test-util.js";

const root = join(goTestdataDir(), "golden-go1.27");
const results = new Map<string, { exit: number; stderr_first_line: string }>();
for (const line of readFileSync(join(root, "results.jsonl"), "utf8").split("\n")) {
  if (!line.trim()) continue;
  const r = JSON.parse(line) as { file: string; mode: string; exit: number; stderr_first_line: string };
  results.set(`${r.file}/${r.mode}`, r);
}

for (const group of ["tests", "fuzz", "edge"]) {
  describe(`gotrace on golden-go1.27/${group}`, () => {
    const traces = readdirSync(join(root, group)).filter((f) => f.endsWith(".trace"));
    it("finds the traces", () => expect(traces.length).toBeGreaterThan(10));
    for (const file of traces) {
      const name = file.replace(/\.trace$/, "");
      for (const mode of ["wire", "footprint"] as const) {
        it(`${mode} ${name}`, () => {
          const expected = results.get(`${group}/${file}/${mode}`);
          const run = gotrace([mode, join(root, group, file)]);
          expect(run.stdout.toString("utf8")).toBe(readFileSync(join(root, group, `${name}.${mode}.out`), "utf8"));
          expect(run.status).toBe(expected?.exit);
          if (expected?.exit !== 0) {
            const lines = run.stderr.trimEnd().split("\n");
            expect(lines).toHaveLength(1);
            expect(lines[0]).toContain(`gotrace ${mode}: `);
            const goText = expected?.stderr_first_line ?? "";
            const ours = lines[0] ?? "";
            // Go's text, or for the header ones the same words in ours.
            expect(ours.includes(goText) || ours.includes(goText.replace(/: (\d+)$/, " $1"))).toBe(true);
          }
        });
      }
    }
  });
}
