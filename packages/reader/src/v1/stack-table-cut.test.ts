// A v1 trace ends with its stack table (Stack events, with the strings they
// name): the runtime writes it when tracing stops. Cut before or inside it,
// the trace has events whose stacks are gone. Go 1.27 drops an event's own
// missing stack without a word and panics on a created goroutine's ("expected
// id N in trace.stack table"); the reader reports the trace as broken, at the
// byte where it ends, and says how many stacks are lost.
import { TraceError } from "@gotrace/codec";
import { fixtures, readBytes, v1Traces } from "@gotrace/conformance";
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { TraceReader } from "../reader.js";
import { V1 } from "./events.js";
import { RawEvent, V1Bytes } from "./raw-reader.js";

/** Offsets of the events from the first Stack event to the end (event boundaries only). */
function stackTableBoundaries(data: Uint8Array): number[] {
  const version = Number(new TextDecoder().decode(data.subarray(5, 7)));
  const b = new V1Bytes(data, version, 16);
  const raw = new RawEvent();
  const out: number[] = [];
  while (b.readRawEvent(0, raw)) {
    if (raw.typ === V1.Stack || out.length > 0) out.push(raw.offset);
  }
  return out;
}

/** The first, the last and evenly spread ones in between: at most n. */
function spread(xs: number[], n: number): number[] {
  if (xs.length <= n) return xs;
  return Array.from({ length: n }, (_, i) => xs[Math.round((i * (xs.length - 1)) / (n - 1))]!);
}

function readAll(bytes: Uint8Array): unknown {
  try {
    const r = new TraceReader(bytes);
    while (r.next() !== null);
    return null;
  } catch (e) {
    return e;
  }
}

const traces = [
  ...v1Traces().map((path) => ({ name: basename(path), path })),
  ...fixtures()
    .filter((f) => f.header === 21)
    .map((f) => ({ name: f.name, path: f.tracePath })),
];

describe("v1 traces cut before or inside their stack table", () => {
  it("covers Go's v1 test traces and our Go 1.21 fixtures", () => {
    expect(traces.length).toBeGreaterThanOrEqual(16);
  });

  for (const t of traces) {
    it(`${t.name}: whole, it reads; cut at an event boundary in its stack table, it is broken`, {
      timeout: 120_000,
    }, () => {
      const bytes = readBytes(t.path);
      expect(readAll(bytes)).toBeNull();
      const cuts = stackTableBoundaries(bytes);
      expect(cuts.length).toBeGreaterThan(0);
      const lost: number[] = [];
      for (const at of spread(cuts, 4)) {
        const e = readAll(bytes.subarray(0, at));
        expect(TraceError.isInstance(e), `cut at ${at}`).toBe(true);
        const err = e as TraceError;
        expect(err.code, `cut at ${at}: ${err.message}`).toBe("E_TRUNCATED");
        expect(err.offset).toBe(at);
        const m =
          /^at byte \d+: the trace ends before its stack table is complete, or is damaged: (\d+) stacks? referenced by events (is|are) missing from it \(ids? \d+/.exec(
            err.message,
          );
        expect(m, err.message).not.toBeNull();
        lost.push(Number(m![1]));
      }
      // Cut just before its first Stack event, it loses the most stacks.
      expect(Math.max(...lost)).toBe(lost[0]);
      expect(lost.at(-1)).toBeLessThan(lost[0]!);
    });
  }
});
