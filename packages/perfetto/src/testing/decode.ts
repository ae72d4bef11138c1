// Test support: reads our output back with the same generated schema, the way
// trace_processor does for what we write: packets sorted by timestamp (stable),
// interned names resolved per sequence and cleared with its incremental state,
// slices rebuilt from BEGIN/END pairs per track. It also fails on what
// trace_processor would count as an error: an END with no BEGIN open on its
// track, an interned id not defined, a packet needing incremental state before
// the sequence cleared it.
import { fromBinary } from "@bufbuild/protobuf";
import { TraceSchema, TrackEvent_Type, TracePacket_SequenceFlags } from "../gen/perfetto/trace_pb.js";
import type { TracePacket } from "../gen/perfetto/trace_pb.js";

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

export function decodePerfetto(bytes: Uint8Array): DecodedTrace {
  const packets = fromBinary(TraceSchema, bytes).packet;
  const errors: string[] = [];
  // Interning is resolved in write order, as it is scoped to the sequence.
  const names = new Map<bigint, string>();
  const funcs = new Map<bigint, string>();
  const frames = new Map<bigint, bigint>();
  const stacks = new Map<bigint, bigint[]>();
  let valid = false;
  const resolved: { p: TracePacket; name: string; callstack: string[] | null; order: number }[] = [];
  const tracks = new Map<bigint, DecodedTrack>();
  const clockSnapshots: TracePacket[] = [];
  packets.forEach((p, order) => {
    if (p.sequenceFlags & TracePacket_SequenceFlags.SEQ_INCREMENTAL_STATE_CLEARED) {
      valid = true;
      names.clear();
      funcs.clear();
      frames.clear();
      stacks.clear();
    }
    if (p.sequenceFlags & TracePacket_SequenceFlags.SEQ_NEEDS_INCREMENTAL_STATE && !valid)
      errors.push(`packet ${order} needs incremental state before it was cleared`);
    for (const n of p.internedData?.eventNames ?? []) names.set(n.iid, n.name);
    for (const n of p.internedData?.functionNames ?? []) funcs.set(n.iid, new TextDecoder().decode(n.str));
    for (const f of p.internedData?.frames ?? []) frames.set(f.iid, f.functionNameId);
    for (const c of p.internedData?.callstacks ?? []) stacks.set(c.iid, c.frameIds);
    if (p.data.case === "trackDescriptor") {
      const d = p.data.value;
      tracks.set(d.uuid, {
        uuid: d.uuid,
        name: d.staticOrDynamicName.value ?? "",
        parent: d.parentUuid === 0n ? null : d.parentUuid,
        counter: d.counter !== undefined,
      });
    } else if (p.data.case === "clockSnapshot") clockSnapshots.push(p);
    else if (p.data.case === "trackEvent") {
      const e = p.data.value;
      let name = "";
      if (e.nameField.case === "nameIid") {
        const n = names.get(e.nameField.value);
        if (n === undefined) errors.push(`packet ${order}: name iid ${e.nameField.value} not interned`);
        name = n ?? "";
      } else if (e.nameField.case === "name") name = e.nameField.value;
      let callstack: string[] | null = null;
      if (e.callstackField.case === "callstackIid") {
        const ids = stacks.get(e.callstackField.value);
        if (ids === undefined) errors.push(`packet ${order}: callstack ${e.callstackField.value} not interned`);
        callstack = (ids ?? []).map((f) => funcs.get(frames.get(f) ?? -1n) ?? "?");
      }
      resolved.push({ p, name, callstack, order });
    }
  });
  // trace_processor sorts by timestamp before parsing track events.
  resolved.sort((a, b) => Number(a.p.timestamp - b.p.timestamp) || a.order - b.order);
  const open = new Map<bigint, { name: string; ts: number; flows: bigint[] }[]>();
  const slices: DecodedSlice[] = [];
  const instants: DecodedInstant[] = [];
  const counters: DecodedTrace["counters"] = [];
  for (const { p, name, callstack, order } of resolved) {
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
        for (const a of e.debugAnnotations) {
          const key = a.nameField.case === "name" ? a.nameField.value : "?";
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
