// TraceReader.scanRecords() must pass events exactly as next() does: the
// same records (kind, time, arguments, goroutine) for the types asked as
// records, the same events from nextShared() for the types it stops before,
// and the same counts, error, `done` and `validBytes`, whatever the sink's
// size and however the input is pushed, on every golden and fixture and on
// damaged copies whose errors land inside its fast path.
import { readFileSync } from "node:fs";
import { EV } from "@gotrace/codec";
import { fixtures, goGoldens, readBytes } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { formatEvent } from "./event/format.js";
import { TraceReader } from "./reader.js";
import { describeError } from "./testing/describe-error.js";
import { pushInPieces } from "./testing/push-in-pieces.js";
import { RECORD_STOP, RECORD_STRIDE } from "./scan.js";

interface Outcome {
  /** One entry per record or stopped-at event, in order. */
  out: string[];
  events: number;
  syncs: number;
  error: string | null;
  done: boolean;
  validBytes: number;
  lastTime: number;
}

const record = (k: number, time: number, a0: number, a1: number, a2: number, g: number) =>
  `R ${k} ${time} ${a0} ${a1} ${a2} ${g}`;

/** Reads `bytes` pushed in chunks of `size` (0: all at once), by next() or by scanRecords() into a sink of `room` records. */
function run(bytes: Uint8Array, size: number, kinds: Uint8Array, room: number): Outcome {
  const r = new TraceReader();
  const out: string[] = [];
  const sink = { data: new Float64Array(room * RECORD_STRIDE), count: 0 };
  const take = () => {
    const d = sink.data;
    for (let i = 0; i < sink.count; i++) {
      const at = i * RECORD_STRIDE;
      out.push(record(d[at]!, d[at + 1]!, d[at + 2]!, d[at + 3]!, d[at + 4]!, d[at + 5]!));
    }
    sink.count = 0;
  };
  let lastTime = Number.NaN;
  const drain = () => {
    if (room === 0) {
      for (let ev = r.next(); ev !== null; ev = r.next()) {
        lastTime = ev.time;
        const k = kinds[ev.type]!;
        if (k === RECORD_STOP) out.push(formatEvent(ev));
        else if (k !== 0) {
          out.push(record(k, ev.time, Number(ev.a0), Number(ev.a1), Number(ev.a2), Number(ev.ctxG)));
        }
      }
      return;
    }
    for (;;) {
      r.scanRecords(sink, kinds);
      if (sink.count === room) {
        take();
        continue;
      }
      take();
      const ev = r.nextShared();
      if (ev === null) return;
      // The event scanRecords stopped before, or any event of an old trace.
      const k = kinds[ev.type]!;
      if (k === RECORD_STOP) out.push(formatEvent(ev));
      else if (k !== 0) out.push(record(k, ev.time, Number(ev.a0), Number(ev.a1), Number(ev.a2), Number(ev.ctxG)));
    }
  };
  let error: string | null = null;
  try {
    pushInPieces(r, bytes, size, drain);
  } catch (e) {
    error = describeError(e);
    take();
  }
  // Whichever way they were read, lastEventTime is the time of the last event next() returned.
  return {
    out,
    events: r.eventCount,
    syncs: r.syncCount,
    error,
    done: r.done,
    validBytes: r.validBytes,
    lastTime: room === 0 ? lastTime : r.lastEventTime,
  };
}

/** What a heap analysis asks: alloc/free events and a few others as records, Sync and named ones as events. */
const HEAP_LIKE = (() => {
  const k = new Uint8Array(256);
  for (let t = EV.Span; t <= EV.GoroutineStackFree; t++) k[t] = t - EV.Span + 2;
  k[EV.HeapAlloc] = 20;
  k[EV.GCBegin] = 21;
  k[255] = RECORD_STOP;
  k[EV.GoCreate] = RECORD_STOP;
  k[EV.GoBlock] = RECORD_STOP;
  k[EV.STWBegin] = RECORD_STOP;
  return k;
})();

/** Every event a record of kind 1: records carry all of next()'s times, arguments and goroutines. */
const ALL_RECORDS = new Uint8Array(256).fill(1);

/** A fixed pseudo-random mix of passing, stopping and records. */
function mixed(seed: number): Uint8Array {
  const k = new Uint8Array(256);
  let x = seed;
  for (let t = 0; t < 256; t++) {
    x = (x * 1103515245 + 12345) >>> 0;
    const r = x >>> 16;
    k[t] = r % 3 === 0 ? 0 : r % 3 === 1 ? RECORD_STOP : 1 + (r % 200);
  }
  return k;
}

function expectSame(bytes: Uint8Array, kinds: Uint8Array): void {
  const want = run(bytes, 0, kinds, 0);
  expect(run(bytes, 0, kinds, 4096)).toEqual(want);
  expect(run(bytes, 4093, kinds, 7), "chunks of 4093, 7 records").toEqual(run(bytes, 4093, kinds, 0));
}

describe("scanRecords() passes events as next() does", () => {
  for (const group of ["tests", "fuzz", "edge"] as const) {
    describe(`golden-go1.27/${group}`, () => {
      for (const g of goGoldens(group)) {
        it(g.name, () => {
          const bytes = new Uint8Array(readFileSync(g.tracePath));
          expectSame(bytes, HEAP_LIKE);
          expectSame(bytes, mixed(g.name.length));
        });
      }
    });
  }

  describe("fixtures", () => {
    for (const f of fixtures()) {
      it(f.name, () => {
        const bytes = readBytes(f.tracePath);
        expectSame(bytes, HEAP_LIKE);
        expectSame(bytes, ALL_RECORDS);
      });
    }
  });

  // Five readings of a whole trace per damage, for 40 damages per fixture: a case per place
  // (cut there, or two bytes overwritten there) keeps each one short, and the explicit timeout
  // is for a busy 2-core machine, where the largest takes a few seconds; nothing here measures speed.
  describe("damaged fixtures", () => {
    // heapleak and heapsteady write the same kinds of alloc/free events as heapknown, in the
    // same batches: damaging them too would add minutes and no new way to break.
    const damageable = fixtures().filter(
      (f) => f.header >= 22 && f.allocFree && f.program !== "heapleak" && f.program !== "heapsteady",
    );
    for (const f of damageable) {
      for (let k = 1; k <= 7; k++) {
        it(`${f.name}, damaged at ${k}/8 of its length`, { timeout: 60_000 }, () => {
          const bytes = readBytes(f.tracePath);
          const at = Math.floor((bytes.length * k) / 8);
          expectSame(bytes.subarray(0, at), HEAP_LIKE);
          for (const value of [0x00, 0x80, 0xff, 0x84]) {
            const damaged = bytes.slice();
            damaged[at] = value;
            damaged[at + 1] = value;
            expectSame(damaged, HEAP_LIKE);
          }
        });
      }
    }
  });

  it("a sink of one record, and records of every event", () => {
    const f = fixtures().find((f) => f.header >= 22 && f.allocFree)!;
    const bytes = readBytes(f.tracePath);
    const want = run(bytes, 0, ALL_RECORDS, 0);
    expect(want.out.length).toBe(want.events);
    expect(run(bytes, 1000, ALL_RECORDS, 1)).toEqual(want);
  });
});
