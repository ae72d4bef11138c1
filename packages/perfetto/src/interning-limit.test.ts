// The interning tables are bounded: past the limit the exporter clears the
// sequence's incremental state between events and interns afresh. With a
// limit of a few entries (so clears happen all the time, mid-generation), the
// decoded trace must be the same as with the default: every slice, instant,
// counter and track, with the same names and callstacks.
import { readFileSync } from "node:fs";
import { fixture } from "@gotrace/conformance";
import { afterEach, expect, it } from "vitest";
import { exportPerfetto } from "./export.js";
import { interningLimit } from "./exporter.js";
import { TracePacket_SequenceFlags } from "./gen/perfetto/trace_pb.js";
import { decodePerfetto } from "./testing/decode.js";

/** Per-case limit: it only ends a hang. */
const SLOW = 600_000;
const defaultLimit = interningLimit.entries;
afterEach(() => {
  interningLimit.entries = defaultLimit;
});

const clears = (packets: { sequenceFlags: number }[]) =>
  packets.filter((p) => p.sequenceFlags & TracePacket_SequenceFlags.SEQ_INCREMENTAL_STATE_CLEARED).length;

// Names of every kind (goroutine labels, logs, regions, tasks), callstacks of CPU samples, heap counters.
it.each(["annotations-go1.27", "cpuprofile-go1.27", "sched-go1.27", "heapgrow-go1.27-allocfree"])(
  "%s: the same trace when the tables are cleared every few entries",
  async (name) => {
    const bytes = new Uint8Array(readFileSync(fixture(name).tracePath));
    const normal = decodePerfetto(await exportPerfetto(bytes));
    interningLimit.entries = 3;
    const bounded = decodePerfetto(await exportPerfetto(bytes));
    expect(bounded.errors).toEqual([]);
    expect(clears(bounded.packets)).toBeGreaterThan(clears(normal.packets) + 10);
    expect(bounded.tracks).toEqual(normal.tracks);
    expect(bounded.slices).toEqual(normal.slices);
    expect(bounded.instants).toEqual(normal.instants);
    expect(bounded.counters).toEqual(normal.counters);
  },
  SLOW,
);
