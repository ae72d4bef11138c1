// Structural batches (sync or frequency, strings, stacks, CPU samples) that
// are whole as batches but end inside one of their events. Go reads them with
// bytes.Reader, and an argument missing entirely is a bare io.EOF, which
// `go tool trace` takes for the end of the trace: the generation is dropped,
// everything before it stands. For every variant tools/fixtures/table-cuts.mjs
// recorded, the reader must do what Go 1.27.3 did.
import { createHash } from "node:crypto";
import {
  cutTableBatch,
  fixture,
  readBytes,
  readText,
  storedTableCuts,
  type TableCut,
  tableCuts,
} from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { TraceReader } from "../reader.js";
import { runParsed } from "../testing/run.js";

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("table batches cut inside an event (Go 1.27.3 -d=parsed)", () => {
  for (const base of tableCuts()) {
    describe(base.base, () => {
      const bytes = readBytes(fixture(base.base).tracePath);

      it("is the fixture the variants were made from, and Go accepts some and rejects others", () => {
        expect(sha256(bytes), "rerun tools/fixtures/table-cuts.mjs").toBe(base.baseSha256);
        expect(base.variants.some((v) => v.exit === 0)).toBe(true);
        expect(base.variants.some((v) => v.exit === 1)).toBe(true);
      });

      it(`does what Go did with each of ${base.variants.length} variants`, { timeout: 120_000 }, async () => {
        const wrong: string[] = [];
        for (const [i, v] of base.variants.entries()) {
          // Let the test runner's messages through now and then on a busy machine.
          if (i % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 0));
          const r = runParsed(cutTableBatch(bytes, v.batch, v.keep, v.rest), { timeZone: "UTC" });
          const out = new TextEncoder().encode(r.out);
          const error = r.error === null ? null : r.error.goMessage.split("\n")[0];
          if (sha256(out) !== v.stdoutSha256 || error !== v.stderrFirstLine) {
            const what = `${v.kind} batch at ${v.batch} cut to ${v.keep} bytes${v.rest ? " (rest follows)" : ""}`;
            wrong.push(`${what}: error ${JSON.stringify(error)}, Go ${JSON.stringify(v.stderrFirstLine)}`);
          }
        }
        expect(wrong).toEqual([]);
        // Where Go stopped reading without a word, the reader says so. (A
        // strings or stacks batch cut between two events is merely shorter;
        // a sync batch cut short that Go accepts with the rest of the trace
        // after it is one cut inside an event.)
        const sync = (v: TableCut) => v.kind === "sync" || v.kind === "frequency";
        const stopped = base.variants.filter((v) => v.exit === 0 && v.rest && sync(v));
        expect(stopped.length).toBeGreaterThan(0);
        for (const v of stopped) {
          const reader = new TraceReader(cutTableBatch(bytes, v.batch, v.keep, v.rest));
          while (reader.next() !== null);
          expect(reader.stoppedAt).toBe(v.batch);
        }
      });
    });
  }

  for (const s of storedTableCuts()) {
    it(`${s.name}: the events Go prints, byte for byte, and no error`, () => {
      const bytes = readBytes(s.tracePath);
      const r = runParsed(bytes, { timeZone: "UTC" });
      expect(r.error).toBeNull();
      expect(r.out).toBe(readText(s.stdoutPath));
      // The reader ends cleanly and says where Go stopped reading.
      const reader = new TraceReader(bytes);
      while (reader.next() !== null);
      expect(reader.done).toBe(true);
      expect(reader.stoppedAt).toBe(s.batch);
    });
  }
});
