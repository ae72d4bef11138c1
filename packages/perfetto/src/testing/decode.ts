// Test support: reads our output back with the same generated schema, the way
// trace_processor does for what we write: timestamps converted to the trace
// clock in write order (sequence-scoped incremental clocks declared by clock
// snapshots, the sequence's default clock from TracePacketDefaults), packets
// then sorted by timestamp (stable), interned names resolved per sequence and
// cleared with its incremental state, slices rebuilt from BEGIN/END pairs per
// track, counter values taken from COUNTER events and extra counter values. It
// also fails on what trace_processor would count as an error or skip: an END
// with no BEGIN open on its track, an interned id not defined, a packet needing
// incremental state before the sequence cleared it; and on the structural
// rules of incremental state: the first packet of each sequence clears it, and
// a packet that uses interned data, the sequence's clock or comes after its
// defaults says it needs it.
import { inflateSync } from "node:zlib";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  TracePacketSchema,
  TraceSchema,
  TrackEvent_Type,
  TracePacket_SequenceFlags,
} from "../gen/perfetto/trace_pb.js";
import type { TracePacket } from "../gen/perfetto/trace_pb.js";
import { type RecordBounds, readRecord } from "../wire.js";

export interface DecodedTrack {
  uuid: bigint;
  name: string;
  parent: bigint | null;
  counter: boolean;
}

export interface DecodedSlice {
  track: bigint;
  name: string;
  ts: number;
  dur: number;
  /** Nesting depth on its track. */
  depth: number;
  terminatingFlows: bigint[];
}

export interface DecodedInstant {
  track: bigint;
  name: string;
  ts: number;
  args: Record<string, string | number>;
  flows: bigint[];
  /** The callstack's frames' function names, outermost first, or null. */
  callstack: string[] | null;
}

export interface DecodedTrace {
  packets: TracePacket[];
  tracks: Map<bigint, DecodedTrack>;
  slices: DecodedSlice[];
  instants: DecodedInstant[];
  counters: { track: bigint; ts: number; value: number }[];
  clockSnapshots: TracePacket[];
  /** Problems trace_processor would record. */
  errors: string[];
}

/** What trace_processor keeps per packet sequence: its interning and its clocks. */
interface SequenceState {
  /** Incremental state cleared at least once (and not lost since). */
  valid: boolean;
  names: Map<bigint, string>;
  categories: Map<bigint, string>;
  annotationNames: Map<bigint, string>;
  funcs: Map<bigint, string>;
  frames: Map<bigint, bigint>;
  stacks: Map<bigint, bigint[]>;
  /** The default clock of the packets' timestamps (TracePacketDefaults), 0 for none. */
  defaultClock: number;
  /** Set once a packet gave defaults: every later packet must need the incremental state. */
  hadDefaults: boolean;
  /** Sequence-scoped clocks (ids 64-127) by id: the last time on each (ns), and its offset to the trace clock. */
  clocks: Map<number, { incremental: boolean; now: bigint; toTrace: bigint; lastSnapshot: bigint }>;
}

/** BUILTIN_CLOCK_BOOTTIME, the trace clock of our output. */
const TRACE_CLOCK = 6;
const isSequenceClock = (id: number) => id >= 64 && id < 128;

/**
 * The file with every `compressed_packets` packet replaced by the packets it holds, as
 * trace_processor's tokenizer does before it reads them, and the file's compressed packets
 * counted. Throws where trace_processor would refuse: a bundle that is not one whole zlib or gzip
 * frame, a compressed packet of 512 KB or more (trace_packet.proto's limit), one with other fields
 * beside the compressed bytes, a record inside that is not a `Trace.packet`.
 */
export function inflatePackets(bytes: Uint8Array): { bytes: Uint8Array; compressed: number } {
  const bounds: RecordBounds = { start: 0, end: 0 };
  const parts: Uint8Array[] = [];
  let compressed = 0;
  let at = 0;
  while (at < bytes.length) {
    const { start, end } = readRecord(bytes, at, bounds);
    const packet = fromBinary(TracePacketSchema, bytes.subarray(start, end));
    if (packet.data.case === "compressedPackets") {
      if (end - start >= 512 * 1024) throw new Error(`compressed packet at byte ${at} is ${end - start} bytes`);
      const only = create(TracePacketSchema, { data: packet.data });
      if (toBinary(TracePacketSchema, only).length !== end - start)
        throw new Error(`compressed packet at byte ${at} has other fields`);
      // One whole zlib frame: inflateSync throws on a cut or corrupt one; bytes after its end break
      // trace_processor's single-frame rule, and Node would pass over them, so they are counted.
      const z = packet.data.value;
      const { buffer: inner, engine } = inflateSync(z, { info: true }) as unknown as {
        buffer: Buffer;
        engine: { bytesWritten: number };
      };
      if (engine.bytesWritten !== z.length)
        throw new Error(
          `compressed packet at byte ${at}: ${z.length - engine.bytesWritten} bytes after the zlib frame`,
        );
      for (let i = 0; i < inner.length; ) i = readRecord(inner, i, bounds).end;
      parts.push(inner);
      compressed++;
    } else parts.push(bytes.subarray(at, end));
    at = end;
  }
  return { bytes: new Uint8Array(Buffer.concat(parts)), compressed };
}

export function decodePerfetto(bytes: Uint8Array): DecodedTrace {
  const packets = fromBinary(TraceSchema, inflatePackets(bytes).bytes).packet;
  const errors: string[] = [];
  // Interning and sequence-scoped clocks are resolved in write order, per sequence, as trace_processor's tokenizer does.
  const sequences = new Map<number, SequenceState>();
  const resolved: {
    p: TracePacket;
    name: string;
    callstack: string[] | null;
    /** The debug annotations' names, interned or not. */
    argNames: string[];
    order: number;
  }[] = [];
  const tracks = new Map<bigint, DecodedTrack>();
  const clockSnapshots: TracePacket[] = [];
  packets.forEach((p, order) => {
    const seqId = p.optionalTrustedPacketSequenceId.value ?? 0;
    let seq = sequences.get(seqId);
    const cleared = (p.sequenceFlags & TracePacket_SequenceFlags.SEQ_INCREMENTAL_STATE_CLEARED) !== 0;
    const needs = (p.sequenceFlags & TracePacket_SequenceFlags.SEQ_NEEDS_INCREMENTAL_STATE) !== 0;
    if (seq === undefined) {
      seq = {
        valid: false,
        names: new Map(),
        categories: new Map(),
        annotationNames: new Map(),
        funcs: new Map(),
        frames: new Map(),
        stacks: new Map(),
        defaultClock: 0,
        hadDefaults: false,
        clocks: new Map(),
      };
      sequences.set(seqId, seq);
      // The first packet of a sequence starts its state: Perfetto's SDK marks it so.
      if (!cleared)
        errors.push(`packet ${order}: first packet of sequence ${seqId} does not clear its incremental state`);
      if (!p.firstPacketOnSequence)
        errors.push(`packet ${order}: first packet of sequence ${seqId} is not marked first`);
    } else if (p.firstPacketOnSequence) errors.push(`packet ${order}: sequence ${seqId} has a second first packet`);
    if (cleared) {
      seq.valid = true;
      seq.names.clear();
      seq.categories.clear();
      seq.annotationNames.clear();
      seq.funcs.clear();
      seq.frames.clear();
      seq.stacks.clear();
      seq.defaultClock = 0;
    }
    if (needs && !seq.valid) errors.push(`packet ${order} needs incremental state before it was cleared`);
    if (p.tracePacketDefaults !== undefined) {
      seq.defaultClock = p.tracePacketDefaults.timestampClockId;
      seq.hadDefaults = true;
    } else if (seq.hadDefaults && !needs)
      // trace_packet.proto: defaults require every later packet on the sequence to need the incremental state.
      errors.push(`packet ${order}: after trace_packet_defaults without SEQ_NEEDS_INCREMENTAL_STATE`);
    if (p.internedData !== undefined && !seq.valid)
      errors.push(`packet ${order}: interned data before the state was cleared`);
    for (const n of p.internedData?.eventNames ?? []) seq.names.set(n.iid, n.name);
    for (const n of p.internedData?.eventCategories ?? []) seq.categories.set(n.iid, n.name);
    for (const n of p.internedData?.debugAnnotationNames ?? []) seq.annotationNames.set(n.iid, n.name);
    for (const n of p.internedData?.functionNames ?? []) seq.funcs.set(n.iid, new TextDecoder().decode(n.str));
    for (const f of p.internedData?.frames ?? []) seq.frames.set(f.iid, f.functionNameId);
    for (const c of p.internedData?.callstacks ?? []) seq.stacks.set(c.iid, c.frameIds);
    if (p.data.case === "clockSnapshot") {
      // Perfetto reads a snapshot before the packet's own time: it may name only the trace clock.
      if (p.timestampClockId !== 0 && p.timestampClockId !== TRACE_CLOCK)
        errors.push(`packet ${order}: clock snapshot timed on clock ${p.timestampClockId}`);
      const clocks = p.data.value.clocks;
      const trace = clocks.find((c) => c.clockId === TRACE_CLOCK);
      for (const c of clocks) {
        if (!isSequenceClock(c.clockId)) continue;
        if (seqId === 0) errors.push(`packet ${order}: sequence-scoped clock without a sequence`);
        if (trace === undefined) {
          errors.push(`packet ${order}: sequence-scoped clock ${c.clockId} not tied to the trace clock`);
          continue;
        }
        const before = seq.clocks.get(c.clockId);
        if (before !== undefined && before.incremental !== c.isIncremental)
          errors.push(`packet ${order}: clock ${c.clockId} changes whether it is incremental`);
        // A clock going back is taken as non-monotonic and no longer converts from.
        if (before !== undefined && c.timestamp < before.lastSnapshot)
          errors.push(`packet ${order}: clock ${c.clockId} snapshot goes back`);
        seq.clocks.set(c.clockId, {
          incremental: c.isIncremental,
          now: c.timestamp,
          toTrace: trace.timestamp - c.timestamp,
          lastSnapshot: c.timestamp,
        });
      }
      // Snapshots of sequence-scoped clocks are the encoding's; the others tie the trace to other clocks.
      if (!clocks.some((c) => isSequenceClock(c.clockId))) clockSnapshots.push(p);
    } else {
      // The packet's time on the trace clock, as trace_processor converts it (written back into the packet).
      const clockId =
        p.timestampClockId !== 0 ? p.timestampClockId : seq.defaultClock !== 0 ? seq.defaultClock : TRACE_CLOCK;
      if (isSequenceClock(clockId)) {
        const clock = seq.clocks.get(clockId);
        if (!needs)
          errors.push(`packet ${order}: timed on sequence clock ${clockId} without SEQ_NEEDS_INCREMENTAL_STATE`);
        if (clock === undefined) errors.push(`packet ${order}: clock ${clockId} used before a snapshot declared it`);
        else {
          clock.now = clock.incremental ? clock.now + p.timestamp : p.timestamp;
          p.timestamp = clock.now + clock.toTrace;
          p.timestampClockId = TRACE_CLOCK;
        }
      } else if (clockId !== TRACE_CLOCK) errors.push(`packet ${order}: timed on clock ${clockId}`);
    }
    if (p.data.case === "trackDescriptor") {
      const d = p.data.value;
      tracks.set(d.uuid, {
        uuid: d.uuid,
        name: d.staticOrDynamicName.value ?? "",
        parent: d.parentUuid === 0n ? null : d.parentUuid,
        counter: d.counter !== undefined,
      });
    } else if (p.data.case === "trackEvent") {
      const e = p.data.value;
      let name = "";
      if (e.nameField.case === "nameIid") {
        if (!needs) errors.push(`packet ${order}: interned name without SEQ_NEEDS_INCREMENTAL_STATE`);
        const n = seq.names.get(e.nameField.value);
        if (n === undefined) errors.push(`packet ${order}: name iid ${e.nameField.value} not interned`);
        name = n ?? "";
      } else if (e.nameField.case === "name") name = e.nameField.value;
      let callstack: string[] | null = null;
      if (e.callstackField.case === "callstackIid") {
        if (!needs) errors.push(`packet ${order}: interned callstack without SEQ_NEEDS_INCREMENTAL_STATE`);
        const ids = seq.stacks.get(e.callstackField.value);
        if (ids === undefined) errors.push(`packet ${order}: callstack ${e.callstackField.value} not interned`);
        const { funcs, frames } = seq;
        callstack = (ids ?? []).map((f) => funcs.get(frames.get(f) ?? -1n) ?? "?");
      }
      for (const c of e.categoryIids)
        if (!needs || !seq.categories.has(c)) errors.push(`packet ${order}: category iid ${c} not interned`);
      const argNames = e.debugAnnotations.map((a) => {
        if (a.nameField.case === "name") return a.nameField.value;
        const n = a.nameField.case === "nameIid" ? seq.annotationNames.get(a.nameField.value) : undefined;
        if (n === undefined || !needs) errors.push(`packet ${order}: debug annotation name not interned`);
        return n ?? "?";
      });
      resolved.push({ p, name, callstack, argNames, order });
    }
  });
  // trace_processor sorts by timestamp before parsing track events.
  resolved.sort((a, b) => Number(a.p.timestamp - b.p.timestamp) || a.order - b.order);
  const open = new Map<bigint, { name: string; ts: number; flows: bigint[] }[]>();
  const slices: DecodedSlice[] = [];
  const instants: DecodedInstant[] = [];
  const counters: DecodedTrace["counters"] = [];
  for (const { p, name, callstack, argNames, order } of resolved) {
    if (p.data.case !== "trackEvent") continue;
    const e = p.data.value;
    const ts = Number(p.timestamp);
    if (!tracks.has(e.trackUuid)) errors.push(`packet ${order}: track ${e.trackUuid} not declared`);
    const stack = open.get(e.trackUuid) ?? [];
    open.set(e.trackUuid, stack);
    switch (e.type) {
      case TrackEvent_Type.SLICE_BEGIN:
        stack.push({ name, ts, flows: e.terminatingFlowIds });
        break;
      case TrackEvent_Type.SLICE_END: {
        const b = stack.pop();
        if (b === undefined) errors.push(`packet ${order}: END with no open slice on track ${e.trackUuid}`);
        else
          slices.push({
            track: e.trackUuid,
            name: b.name,
            ts: b.ts,
            dur: ts - b.ts,
            depth: stack.length,
            terminatingFlows: b.flows,
          });
        break;
      }
      case TrackEvent_Type.INSTANT: {
        const args: Record<string, string | number> = {};
        for (const [i, a] of e.debugAnnotations.entries()) {
          const key = argNames[i] ?? "?";
          const v = a.value.value;
          args[key] =
            typeof v === "bigint" ? Number(v) : typeof v === "string" || typeof v === "number" ? v : String(v);
        }
        instants.push({ track: e.trackUuid, name, ts, args, flows: e.flowIds, callstack });
        break;
      }
      case TrackEvent_Type.COUNTER:
        if (!tracks.get(e.trackUuid)?.counter) errors.push(`packet ${order}: counter value on a non-counter track`);
        counters.push({
          track: e.trackUuid,
          ts,
          value: e.counterValueField.case === "counterValue" ? Number(e.counterValueField.value) : Number.NaN,
        });
        break;
      default:
        errors.push(`packet ${order}: track event of type ${e.type}`);
    }
    // Counter values riding on the event, one per listed counter track, at its time.
    if (e.extraCounterValues.length > e.extraCounterTrackUuids.length)
      errors.push(`packet ${order}: more extra counter values than tracks`);
    e.extraCounterValues.forEach((v, i) => {
      const track = e.extraCounterTrackUuids[i] ?? -1n;
      if (!tracks.get(track)?.counter) errors.push(`packet ${order}: extra counter value on a non-counter track`);
      counters.push({ track, ts, value: Number(v) });
    });
  }
  for (const [track, stack] of open)
    if (stack.length > 0) errors.push(`track ${track}: ${stack.length} slices never ended`);
  return { packets, tracks, slices, instants, counters, clockSnapshots, errors };
}

/** The name of a track's top-level group ("Procs", "Goroutines", …). */
export function groupOf(t: DecodedTrace, uuid: bigint): string {
  let cur = t.tracks.get(uuid);
  while (cur?.parent != null) cur = t.tracks.get(cur.parent);
  return cur?.name ?? "";
}
