// Every fixture (and the sample), for all 32 flag combinations: our utilization
// series and MMU curve against Go 1.27.3's MutatorUtilizationV2 and
// NewMMUCurve (tools/go-oracle). Series lengths must be equal; at every
// golden window the MMU, the worst windows (Examples(window, 5)) and the MUD
// quantiles must be within 1e-9 of Go's, and the test counts how many are
// exactly Go's float64.
import { readFileSync } from "node:fs";
import { type AnalysisMMU, analysisGolden, fixtures, samplePath } from "@gotrace/conformance";
import { TraceReader } from "@gotrace/reader";
import { describe, expect, it } from "vitest";
import { MMUCurve } from "./mmu.js";
import { UtilizationBuilder } from "./utilization.js";

const traces = [
  ...fixtures().map((f) => ({ name: f.name, path: f.tracePath })),
  { name: "sample", path: samplePath() },
];

const TOLERANCE = 1e-9;

/** Every combination's builder fed in one pass over the trace; cut at the last Sync when the reader fails, as cmd/trace. */
function buildAll(bytes: Uint8Array): { builders: UtilizationBuilder[]; error: Error | null } {
  const builders = Array.from({ length: 32 }, (_, flags) => new UtilizationBuilder(flags));
  const reader = new TraceReader();
  let error: Error | null = null;
  try {
    reader.push(bytes);
    reader.finish();
    for (let ev = reader.nextShared(); ev !== null; ev = reader.nextShared()) for (const b of builders) b.event(ev);
  } catch (err) {
    error = err as Error;
  }
  return { builders, error };
}

describe("MMU equals Go 1.27.3's MutatorUtilizationV2 + NewMMUCurve", () => {
  for (const t of traces) {
    it(t.name, () => {
      const golden = analysisGolden(t.name);
      const { builders, error } = buildAll(readFileSync(t.path));
      expect(error?.message.split("\n")[0] ?? null, "reader error").toBe(golden.error);
      const mmu = golden.mmu as AnalysisMMU;
      expect(mmu, "golden MMU").not.toBeNull();
      const diffs: string[] = [];
      let values = 0;
      let exact = 0;
      /** Records a value: exact, within tolerance, or a difference naming where. */
      const check = (where: string, ours: number | undefined, go: number) => {
        values++;
        if (ours === go) exact++;
        else if (ours === undefined || !(Math.abs(ours - go) <= TOLERANCE))
          diffs.push(`${where}: ours ${ours}, Go ${go}`);
      };
      for (const combo of mmu.combinations) {
        const builder = builders[combo.flagsValue] as UtilizationBuilder;
        const u = builder.finish({ toLastSync: error !== null });
        const tag = `${t.name} flags=${combo.flags.join("|") || "none"}`;
        expect(combo.error, tag).toBeNull();
        expect(u.events, `${tag} events kept`).toBe(golden.eventsKept);
        if (u.events > 0) expect(u.endTime - u.startTime, `${tag} duration`).toBe(golden.durationNs);
        expect(
          u.series.map((s) => s.length),
          `${tag} series lengths`,
        ).toEqual(combo.seriesLengths);
        const curve = new MMUCurve(u.series);
        for (const p of combo.points) {
          const at = `${tag} window=${p.window}`;
          check(`${at} mmu`, curve.mmu(p.window), p.mmu);
          const ex = curve.examples(p.window, mmu.examplesPerWindow);
          if (ex.length !== p.examples.length) diffs.push(`${at} examples: ${ex.length} vs Go's ${p.examples.length}`);
          for (const [i, e] of p.examples.entries()) {
            const o = ex[i];
            if (o !== undefined && o.time !== e.time)
              diffs.push(`${at} example ${i} time: ours ${o.time}, Go ${e.time}`);
            check(`${at} example ${i} util`, o?.mutatorUtil, e.mutatorUtil);
          }
          const mud = curve.mud(p.window, mmu.mudQuantiles);
          for (const [i, q] of p.mud.entries()) check(`${at} mud q=${mmu.mudQuantiles[i]}`, mud[i], q);
        }
      }
      expect(diffs).toEqual([]);
      // Not an assertion: how many values were bit-for-bit Go's, for the record in the test output.
      console.log(`${t.name}: ${exact} of ${values} values exactly Go's`);
    });
  }
});
