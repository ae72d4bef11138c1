// bytesHeldFrom (the internal subpath's TraceReader.heldFrom) promises that the
// reader never reads a byte before it again, so `gotrace validate` reuses the
// buffers of chunks that end there. Checked by holding that promise against
// the reader: every chunk that ends at or before heldFrom after a skip() is
// overwritten with garbage, and the run must end exactly as an untouched run
// does (events, Syncs, error, validBytes), on every golden and fixture and on
// damaged copies whose errors come after chunks were overwritten.
import { readFileSync } from "node:fs";
import { fixtures, goGoldens, readBytes } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { bytesHeldFrom } from "./internal.js";
import { TraceReader } from "./reader.js";
import { describeError } from "./testing/describe-error.js";

interface Outcome {
  events: number;
  syncs: number;
  error: string | null;
  validBytes: number;
}

/**
 * Pushes copies of `bytes` in chunks of `size` and skips. With `poison`, each
 * chunk wholly before heldFrom is filled with `poison` after the skip() that
 * passed it; `poisoned` counts the bytes overwritten.
 */
function run(bytes: Uint8Array, size: number, poison: number | null): Outcome & { poisoned: number } {
  const r = new TraceReader();
  const held: { end: number; chunk: Uint8Array }[] = [];
  let poisoned = 0;
  let error: string | null = null;
  const overwrite = () => {
    if (poison === null) return;
    const from = bytesHeldFrom(r);
    while (held.length > 0 && held[0]!.end <= from) {
      const { chunk } = held.shift()!;
      chunk.fill(poison);
      poisoned += chunk.length;
    }
  };
  try {
    for (let at = 0; at < bytes.length; at += size) {
      // A copy of its own, as a read into a reused buffer gives.
      const chunk = bytes.slice(at, at + size);
      held.push({ end: at + chunk.length, chunk });
      r.push(chunk);
      r.skip();
      overwrite();
    }
    r.finish();
    r.skip();
  } catch (e) {
    error = describeError(e);
  }
  return { events: r.eventCount, syncs: r.syncCount, error, validBytes: r.validBytes, poisoned };
}

/** Checks the promise on `bytes` in chunks of `size`; returns the bytes overwritten in a run. */
function expectUntouched(bytes: Uint8Array, size: number): number {
  const { poisoned: _, ...want } = run(bytes, size, null);
  let poisoned = 0;
  for (const value of [0x00, 0xff, 0x84]) {
    const { poisoned: n, ...got } = run(bytes, size, value);
    expect(got, `chunks of ${size} overwritten with ${value}`).toEqual(want);
    poisoned = n;
  }
  // A valid trace of three generations or more (a Sync starts each, one more ends it) lets the
  // chunks of its first go before the end (a go 1.22-1.25 generation ends only where the next
  // one's first batch is found, so with two the first is held until the end).
  const multiGeneration = want.error === null && want.syncs >= 4 && bytes.length > 4 * size;
  if (multiGeneration) expect(poisoned, "chunks of earlier generations were overwritten").toBeGreaterThan(0);
  return poisoned;
}

describe("bytes before heldFrom are never read again", () => {
  let overwritten = 0;
  for (const group of ["tests", "edge"] as const) {
    describe(`golden-go1.27/${group}`, () => {
      for (const g of goGoldens(group)) {
        it(g.name, () => {
          overwritten += expectUntouched(new Uint8Array(readFileSync(g.tracePath)), 4093);
        });
      }
    });
  }

  describe("fixtures", () => {
    for (const f of fixtures()) {
      it(f.name, () => {
        overwritten += expectUntouched(readBytes(f.tracePath), 4093);
      });
    }
  });

  describe("damaged fixtures", () => {
    // Errors late in the trace, after earlier generations' chunks were overwritten.
    for (const f of fixtures().filter((f) => f.header >= 22 && f.allocFree)) {
      it(f.name, () => {
        const bytes = readBytes(f.tracePath);
        for (const k of [5, 7]) {
          const at = Math.floor((bytes.length * k) / 8);
          expectUntouched(bytes.subarray(0, at), 4093);
          const damaged = bytes.slice();
          damaged[at] = 0xff;
          damaged[at + 1] = 0xff;
          expectUntouched(damaged, 4093);
        }
      });
    }
  });

  it("overwrote chunks at all (the checks above are not vacuous)", () => {
    expect(overwritten).toBeGreaterThan(100_000);
  });

  it("a pre-1.22 trace holds everything: heldFrom stays 0", () => {
    const f = fixtures().find((f) => f.header < 22);
    expect(f).toBeDefined();
    const r = new TraceReader();
    r.push(readBytes(f!.tracePath));
    r.finish();
    r.skip();
    expect(bytesHeldFrom(r)).toBe(0);
  });
});
