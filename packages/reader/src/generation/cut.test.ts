// Go 1.22–1.25 traces have no end-of-generation marker, so a trace cut
// between two batches of a generation reads as a short last generation. For
// every such cut of three spill-format fixtures, the reader must do what Go
// 1.27.3 did (same stdout, by SHA-256; same error), and know that the trace
// ends inside that generation, and that all earlier generations are complete.
import { createHash } from "node:crypto";
import { rawEvents } from "@gotrace/codec";
import { fixture, readBytes, traceCuts } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { TraceReader } from "../reader.js";
import { runParsed } from "../testing/run.js";

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** File offset of each generation's first batch. */
function generationStarts(bytes: Uint8Array): Map<number, number> {
  const starts = new Map<number, number>();
  for (const ev of rawEvents(bytes)) {
    if (ev.name === "EventBatch" && !starts.has(ev.arg(0))) starts.set(ev.arg(0), ev.offset);
  }
  return starts;
}

describe("spill-format traces cut at batch boundaries (Go 1.27.3 -d=parsed)", () => {
  for (const base of traceCuts()) {
    describe(base.base, () => {
      const bytes = readBytes(fixture(base.base).tracePath);
      const starts = generationStarts(bytes);

      it("is the fixture the cuts were made from", () => {
        expect(sha256(bytes), "rerun tools/fixtures/crafted.mjs").toBe(base.baseSha256);
        expect(base.cuts.filter((c) => c.exit === 1).length).toBeGreaterThan(20);
      });

      for (const cut of base.cuts) {
        it(`cut at ${cut.at} (inside generation ${cut.gen})`, () => {
          const part = bytes.subarray(0, cut.at);
          const r = runParsed(part);
          const out = new TextEncoder().encode(r.out);
          expect(out.length).toBe(cut.stdoutBytes);
          expect(sha256(out)).toBe(cut.stdoutSha256);
          if (cut.exit === 0) {
            expect(r.error).toBeNull();
            return;
          }
          expect(r.error?.goMessage.split("\n")[0]).toBe(cut.stderrFirstLine);

          const reader = new TraceReader(part);
          expect(() => {
            while (reader.next() !== null);
          }).toThrow();
          expect(reader.cutGeneration).toBe(BigInt(cut.gen));
          // Every event before the cut generation's first batch was returned.
          expect(reader.validBytes).toBe(starts.get(cut.gen));
        });
      }
    });
  }

  it("does not blame a cut when the trace is whole", () => {
    const base = traceCuts()[0]!;
    const reader = new TraceReader(readBytes(fixture(base.base).tracePath));
    while (reader.next() !== null);
    expect(reader.done).toBe(true);
    expect(reader.cutGeneration).toBeNull();
  });
});
