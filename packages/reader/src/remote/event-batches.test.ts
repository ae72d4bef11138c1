// Event batches: every event of every Go 1.22+ fixture, written into batches,
// cloned as postMessage clones them, and read back, prints as the reader's own.
import { fixtures, readBytes, samplePath } from "@gotrace/conformance";
import { expect, test } from "vitest";
import { EVENT_RECORD_STRIDE, type EventBatch, EventBatchReader, EventBatchWriter } from "./event-batches.js";
import { formatEvent } from "../event/format.js";
import { EventKind } from "../event/kinds.js";
import type { Event } from "../event/event.js";
import { TraceReader } from "../reader.js";

/** Each event printed, with what -d=parsed leaves out that analyses read: stacks and names. */
function describe(ev: Event): string {
  let s = `${formatEvent(ev)} | t=${ev.time} g=${ev.goroutine} p=${ev.proc} stack=${JSON.stringify(ev.stack())}`;
  if (ev.kind === EventKind.StateTransition) s += ` ${JSON.stringify(ev.stateTransition())}`;
  if (ev.kind === EventKind.TaskBegin || ev.kind === EventKind.TaskEnd) s += ` ${JSON.stringify(ev.task())}`;
  if (ev.kind === EventKind.Sync) s += ` n=${ev.sync().n}`;
  return s;
}

/** The trace's events, described, as the reader gives them and as they come out of batches; and the error either way. */
function both(
  bytes: Uint8Array,
  capacity: number,
): { direct: string[]; batched: string[]; error: string; batches: number } {
  const direct: string[] = [];
  const batched: string[] = [];
  const reader = new EventBatchReader();
  let batches = 0;
  const writer = new EventBatchWriter((b: EventBatch) => {
    batches++;
    // What a worker's postMessage does to it, the buffer moved rather than copied.
    const copy = structuredClone(b, { transfer: [b.data.buffer] });
    reader.read(copy, (ev) => batched.push(describe(ev)));
  }, capacity);
  const r = new TraceReader();
  let error = "";
  try {
    r.push(bytes);
    r.finish();
    for (let ev = r.nextShared(); ev !== null; ev = r.nextShared()) {
      direct.push(describe(ev));
      writer.add(ev);
    }
  } catch (err) {
    error = String(err);
  }
  writer.flush();
  return { direct, batched, error, batches };
}

const v2 = fixtures().filter((f) => f.header >= 22);

test("there are Go 1.22+ fixtures, broken ones among them", () => {
  expect(v2.length).toBeGreaterThan(10);
  expect(v2.some((f) => !f.expect.ok)).toBe(true);
});

test.each([samplePath(), ...v2.map((f) => f.tracePath)])("%s: batched events read as the reader's", (path) => {
  const { direct, batched, batches } = both(readBytes(path), 7);
  expect(batched).toEqual(direct);
  expect(batches).toBeGreaterThanOrEqual(Math.ceil(direct.length / 7));
});

test("values past 2^53 cross as bigints", () => {
  const reader = new EventBatchReader();
  const data = new Float64Array(EVENT_RECORD_STRIDE);
  data.set([255, 5, -1, -1, -1, Number.NaN, 0, 0, 0, 16]);
  const seen: unknown[] = [];
  reader.read({ table: null, extraStrings: [], data, count: 1, bigs: [2n ** 60n] }, (ev) => seen.push(ev.a0, ev.ctxM));
  expect(seen).toEqual([2n ** 60n, -1]);
});
