// advanceSched takes GoStart, GoBlock and GoUnblock past the ordering's
// general path in skip(): on damaged scheduling traces, where those events get
// impossible goroutines, sequence numbers, contexts and table IDs, skip() must
// still end exactly as next() does (events, Syncs, error, done, validBytes).
import { EV, RawDecoder } from "@gotrace/codec";
import { fixtures, readBytes } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { TraceReader } from "../reader.js";

interface Outcome {
  events: number;
  syncs: number;
  error: string | null;
  done: boolean;
  validBytes: number;
}

function read(bytes: Uint8Array, mode: "next" | "skip"): Outcome {
  const r = new TraceReader();
  let events = 0;
  let error: string | null = null;
  try {
    r.push(bytes);
    r.finish();
    if (mode === "skip") r.skip();
    else for (let ev = r.next(); ev !== null; ev = r.next()) events++;
  } catch (e) {
    error = String(e);
  }
  if (mode === "skip") events = r.eventCount;
  return { events, syncs: r.syncCount, error, done: r.done, validBytes: r.validBytes };
}

/** File offsets of the type bytes of up to `max` events of type `typ`, spread over the trace. */
function eventsOf(bytes: Uint8Array, typ: number, max: number): number[] {
  const d = new RawDecoder();
  d.push(bytes);
  d.finish();
  const at: number[] = [];
  for (let e = d.next(); e !== null; e = d.next()) if (e.type === typ) at.push(e.offset);
  const step = Math.max(1, Math.floor(at.length / max));
  return at.filter((_, i) => i % step === 0).slice(0, max);
}

/**
 * Retypings that keep the bytes parsing the same (same argument count): a
 * goroutine left running, started twice, stopped instead of blocked.
 */
const RETYPE: readonly (readonly [number, number])[] = [
  [EV.GoStart, EV.GoBlock],
  [EV.GoBlock, EV.GoStart],
  [EV.GoBlock, EV.ProcsChange],
  [EV.GoBlock, EV.GoStop],
];

describe("skip() on damaged scheduling traces ends as next() does", () => {
  for (const f of fixtures().filter((f) => f.header >= 22 && !f.allocFree)) {
    it(f.name, () => {
      const bytes = readBytes(f.tracePath);
      const same = (damaged: Uint8Array, what: string) =>
        expect(read(damaged, "skip"), what).toEqual(read(damaged, "next"));
      // Anywhere: varint edges.
      const spots = 40;
      for (let k = 1; k < spots; k++) {
        const at = Math.floor((bytes.length * k) / spots);
        for (const value of [0x00, 0x01, 0x7f, 0x80, 0xff]) {
          const damaged = bytes.slice();
          damaged[at] = value;
          same(damaged, `byte ${at} = ${value}`);
        }
      }
      for (const [from, to] of RETYPE) {
        for (const at of eventsOf(bytes, from, 12)) {
          const damaged = bytes.slice();
          damaged[at] = to;
          same(damaged, `type at ${at}: ${from} -> ${to}`);
        }
      }
    });
  }
});
