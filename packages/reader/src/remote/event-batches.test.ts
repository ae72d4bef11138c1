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
  foldKinds: EventKind[] = [],
): { direct: string[]; kinds: EventKind[]; batched: string[]; error: string; batches: number } {
  const direct: string[] = [];
  const kinds: EventKind[] = [];
  const batched: string[] = [];
  const reader = new EventBatchReader();
  let batches = 0;
  const writer = new EventBatchWriter((b: EventBatch) => {
    batches++;
    // What a worker's postMessage does to it, the buffer moved rather than copied.
    const copy = structuredClone(b, { transfer: [b.data.buffer] });
    reader.read(
      copy,
      (ev) => batched.push(describe(ev)),
      (n) => batched.push(`folded ${n}`),
    );
  }, capacity);
  writer.foldKinds(foldKinds);
  const r = new TraceReader();
  let error = "";
  try {
    r.push(bytes);
    r.finish();
    for (let ev = r.nextShared(); ev !== null; ev = r.nextShared()) {
      direct.push(describe(ev));
      kinds.push(ev.kind);
      writer.add(ev);
    }
  } catch (err) {
    error = String(err);
  }
  writer.flush();
  return { direct, kinds, batched, error, batches };
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

const QUIET: EventKind[] = [EventKind.Experimental, EventKind.StackSample];

test.each([samplePath(), ...v2.map((f) => f.tracePath)])(
  "%s: runs of quiet events cross as their first and last events and the count between",
  (path) => {
    const { direct, kinds, batched } = both(readBytes(path), 500, QUIET);
    // Walk the reader's own events along what crossed: each fold stands for that many quiet
    // events right before the event after it, and every event that crossed is the reader's next.
    let k = 0;
    let folded = 0;
    let foldedBefore = false;
    for (const item of batched) {
      const n = /^folded (\d+)$/.exec(item);
      if (n !== null) {
        const count = Number(n[1]);
        expect(count).toBeGreaterThan(0);
        for (let j = 0; j < count; j++) expect(QUIET).toContain(kinds[k + j]);
        // The run's first and last events cross: they are quiet too.
        expect(k).toBeGreaterThan(0);
        expect(QUIET).toContain(kinds[k - 1]);
        expect(QUIET).toContain(kinds[k + count]);
        k += count;
        folded += count;
        foldedBefore = true;
        continue;
      }
      expect(item).toBe(direct[k]);
      k++;
      foldedBefore = false;
    }
    expect(foldedBefore, "a fold is followed by the event it stands before").toBe(false);
    expect(k).toBe(direct.length);
    // Within a batch no three quiet events cross side by side.
    const middles = kinds.filter(
      (kind, i) => QUIET.includes(kind) && QUIET.includes(kinds[i - 1]!) && QUIET.includes(kinds[i + 1]!),
    ).length;
    expect(folded).toBeGreaterThanOrEqual(middles - Math.ceil(direct.length / 500) * 2);
    if (path === samplePath()) expect(folded, "the sample's alloc/free events fold").toBeGreaterThan(direct.length / 2);
  },
);

test("values past 2^53 cross as bigints", () => {
  const reader = new EventBatchReader();
  const data = new Float64Array(EVENT_RECORD_STRIDE);
  data.set([255, 5, -1, -1, -1, Number.NaN, 0, 0, 0, 16]);
  const seen: unknown[] = [];
  reader.read({ table: null, extraStrings: [], data, count: 1, bigs: [2n ** 60n], folds: [] }, (ev) =>
    seen.push(ev.a0, ev.ctxM),
  );
  expect(seen).toEqual([2n ** 60n, -1]);
});
