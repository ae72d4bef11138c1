// The output's size and the incremental-state rules it relies on. The size
// bounds pin what README's "Output size" measured (delta timestamps on an
// incremental clock, counter values riding on slice events) with some room, so
// a change that loses one of them fails here. The rules are those of
// trace_processor's importer for incremental state, checked on every packet
// (Perfetto's own trace_processor cannot be installed on the project's
// machines; see README).
import { readFileSync } from "node:fs";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { fixtures, samplePath } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { exportPerfetto } from "./export.js";
import { TracePacket_SequenceFlags, TraceSchema } from "./gen/perfetto/trace_pb.js";
import { INCREMENTAL_CLOCK_ID, TRACE_CLOCK_ID } from "./packet-writer.js";
import { decodePerfetto, inflatePackets } from "./testing/decode.js";

/** Per-case limit: it only ends a hang. */
const SLOW = 600_000;
const CLEARED = TracePacket_SequenceFlags.SEQ_INCREMENTAL_STATE_CLEARED;
const NEEDS = TracePacket_SequenceFlags.SEQ_NEEDS_INCREMENTAL_STATE;

const traces = [
  ...fixtures().map((f) => ({ name: f.name, path: f.tracePath })),
  { name: "sample", path: samplePath() },
];
const bytesOf = (name: string) => new Uint8Array(readFileSync(traces.find((t) => t.name === name)!.path));

/**
 * Output size over input size, at most, uncompressed and deflated: the README's one-off
 * measurement (for sched-go1.27, 68,914 bytes of packets from 7,898, 8.73x, 13.86x before the
 * packets' times became deltas; 9,648 bytes deflated, 1.22x) plus about a tenth. Each fixture
 * stresses one part: goroutine states and their counters, user annotations, CPU samples, GC,
 * system calls, the heap model's counters.
 */
const BOUNDS: [name: string, maxRatio: number, maxDeflatedRatio: number][] = [
  ["sched-go1.27", 9.6, 1.35],
  ["annotations-go1.27", 2.6, 0.64],
  ["cpuprofile-go1.27", 1.8, 0.45],
  ["gc-go1.27", 5.0, 0.74],
  ["syscall-go1.27", 6.9, 0.31],
  ["heapknown-go1.27-allocfree", 8.1, 0.09],
];

it.each(BOUNDS)(
  "%s: the packets are at most %dx the input, deflated at most %dx",
  async (name, bound, deflatedBound) => {
    const input = bytesOf(name);
    const out = await exportPerfetto(input, { compression: "none" });
    expect(out.length / input.length).toBeLessThanOrEqual(bound);
    const deflated = await exportPerfetto(input);
    expect(deflated.length / input.length).toBeLessThanOrEqual(deflatedBound);
  },
  SLOW,
);

describe.each(traces)("$name: incremental state", (t) => {
  it(
    "each sequence starts by clearing its state, declaring the incremental clock and defaulting to it; every other packet needs the state",
    async () => {
      // The packets of the default (deflated) output, as trace_processor sees them once inflated.
      const out = await exportPerfetto(new Uint8Array(readFileSync(t.path)), { keepPartial: true });
      const packets = fromBinary(TraceSchema, inflatePackets(out).bytes).packet;
      const seen = new Set<number>();
      const problems: string[] = [];
      packets.forEach((p, i) => {
        const seq = p.optionalTrustedPacketSequenceId.value ?? 0;
        if (seq === 0) problems.push(`${i}: no sequence`);
        const first = !seen.has(seq);
        seen.add(seq);
        if (first && !(p.sequenceFlags & CLEARED && p.firstPacketOnSequence))
          problems.push(`${i}: first without clear`);
        if (p.sequenceFlags & CLEARED) {
          // The state packet: defaults to the incremental clock, which its snapshot ties to the trace clock.
          const clocks = p.data.case === "clockSnapshot" ? p.data.value.clocks : [];
          const inc = clocks.find((c) => c.clockId === INCREMENTAL_CLOCK_ID);
          const trace = clocks.find((c) => c.clockId === TRACE_CLOCK_ID);
          if (p.tracePacketDefaults?.timestampClockId !== INCREMENTAL_CLOCK_ID) problems.push(`${i}: no default clock`);
          if (!inc?.isIncremental || trace === undefined || inc.timestamp !== trace.timestamp)
            problems.push(`${i}: incremental clock not declared`);
          if (p.internedData !== undefined) problems.push(`${i}: interned data on the state packet`);
        } else if (!(p.sequenceFlags & NEEDS)) problems.push(`${i}: does not need the state`);
        // A time before the incremental clock's is absolute, on the trace clock, and says so.
        if (p.timestampClockId !== 0 && p.timestampClockId !== TRACE_CLOCK_ID) problems.push(`${i}: clock`);
      });
      expect(problems).toEqual([]);
      expect(decodePerfetto(out).errors).toEqual([]);
    },
    SLOW,
  );
});

it(
  "the test decoder finds broken incremental state: a packet without the needs-state flag, a first packet that does not clear",
  async () => {
    const out = await exportPerfetto(bytesOf("sched-go1.27"), { compression: "none" });
    const trace = fromBinary(TraceSchema, out);
    // A slice begin timed on the incremental clock.
    const at = trace.packet.findIndex(
      (p) => p.data.case === "trackEvent" && p.data.value.nameField.case === "nameIid" && p.timestampClockId === 0,
    );
    expect(at).toBeGreaterThan(0);
    trace.packet[at]!.sequenceFlags = 0;
    expect(decodePerfetto(toBinary(TraceSchema, trace)).errors).toEqual(
      expect.arrayContaining([
        `packet ${at}: after trace_packet_defaults without SEQ_NEEDS_INCREMENTAL_STATE`,
        `packet ${at}: timed on sequence clock ${INCREMENTAL_CLOCK_ID} without SEQ_NEEDS_INCREMENTAL_STATE`,
        `packet ${at}: interned name without SEQ_NEEDS_INCREMENTAL_STATE`,
      ]),
    );
    const noClear = fromBinary(TraceSchema, out);
    noClear.packet[0]!.sequenceFlags = 0;
    expect(decodePerfetto(toBinary(TraceSchema, noClear)).errors).toEqual(
      expect.arrayContaining(["packet 0: first packet of sequence 1 does not clear its incremental state"]),
    );
  },
  SLOW,
);
