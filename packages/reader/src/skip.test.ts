// TraceReader.skip() must end exactly as iterating next() does: the same
// number of events and Syncs, the same error (or none), the same `done` and
// `validBytes`, on every golden and fixture, whole or pushed in chunks, and on
// damaged copies that make errors appear in the middle of skip()'s fast path.
import { readFileSync } from "node:fs";
import { fixtures, goGoldens, readBytes } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { EV_SYNC } from "./specs.js";
import { TraceReader } from "./reader.js";
import { describeError } from "./testing/describe-error.js";
import { pushInPieces } from "./testing/push-in-pieces.js";

interface Outcome {
  events: number;
  syncs: number;
  error: string | null;
  done: boolean;
  validBytes: number;
  /** The time of the last event next() returned, or lastEventTime after skip(). */
  lastTime: number;
}

/** Pushes `bytes` in chunks of `size` (0: all at once) and reads with next() or skip(). */
function run(bytes: Uint8Array, size: number, mode: "next" | "skip"): Outcome {
  const r = new TraceReader();
  let events = 0;
  let syncs = 0;
  let error: string | null = null;
  let lastTime = Number.NaN;
  const drain = () => {
    if (mode === "skip") {
      events += r.skip();
      return;
    }
    for (let ev = r.next(); ev !== null; ev = r.next()) {
      events++;
      lastTime = ev.time;
      if (ev.type === EV_SYNC) syncs++;
    }
  };
  try {
    pushInPieces(r, bytes, size, drain);
  } catch (e) {
    error = describeError(e);
    if (mode === "skip") events = r.eventCount;
  }
  if (mode === "next") {
    expect(r.eventCount).toBe(events);
    expect(r.syncCount).toBe(syncs);
  }
  return {
    events,
    syncs: r.syncCount,
    error,
    done: r.done,
    validBytes: r.validBytes,
    lastTime: mode === "skip" ? r.lastEventTime : lastTime,
  };
}

function expectSame(bytes: Uint8Array): void {
  const want = run(bytes, 0, "next");
  expect(run(bytes, 0, "skip")).toEqual(want);
  expect(run(bytes, 4093, "skip"), "chunks of 4093").toEqual(run(bytes, 4093, "next"));
}

describe("skip() ends as next() does", () => {
  for (const group of ["tests", "fuzz", "edge"] as const) {
    describe(`golden-go1.27/${group}`, () => {
      for (const g of goGoldens(group)) {
        it(g.name, () => expectSame(new Uint8Array(readFileSync(g.tracePath))));
      }
    });
  }

  describe("fixtures", () => {
    for (const f of fixtures()) {
      it(f.name, () => expectSame(readBytes(f.tracePath)));
    }
  });

  describe("damaged fixtures", () => {
    // Cuts and overwritten bytes at spread-out places: decoding, ordering and
    // table errors land inside long runs of events, where skip() takes its
    // fast path.
    for (const f of fixtures().filter((f) => f.header >= 22 && f.allocFree)) {
      it(f.name, () => {
        const bytes = readBytes(f.tracePath);
        for (let k = 1; k <= 7; k++) {
          const at = Math.floor((bytes.length * k) / 8);
          expectSame(bytes.subarray(0, at));
          for (const value of [0x00, 0x80, 0xff, 0x84]) {
            const damaged = bytes.slice();
            damaged[at] = value;
            damaged[at + 1] = value;
            expectSame(damaged);
          }
        }
      });
    }
  });

  it("mixes with next()", () => {
    const f = fixtures().find((f) => f.header >= 22 && f.allocFree)!;
    const bytes = readBytes(f.tracePath);
    const want = run(bytes, 0, "next");
    const r = new TraceReader();
    let events = 0;
    for (let i = 0; i < bytes.length; i += 1000) {
      r.push(bytes.subarray(i, i + 1000));
      // Alternate: one event by next(), the rest of what is there by skip().
      if (r.next() !== null) events++;
      events += r.skip();
    }
    r.finish();
    for (let ev = r.next(); ev !== null; ev = r.next()) events++;
    expect({ events, syncs: r.syncCount, done: r.done }).toEqual({
      events: want.events,
      syncs: want.syncs,
      done: true,
    });
  });
});
