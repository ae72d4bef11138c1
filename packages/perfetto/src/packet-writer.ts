// Perfetto's packet layer: TracePackets encoded with the generated schema into
// length-delimited `Trace.packet` records (so any concatenation of them is a
// valid trace file), on one trusted packet sequence whose incremental state --
// interned data (event names, function names, source files, frames,
// callstacks) and an incremental clock, so a packet's time is a delta of a
// byte or two -- is cleared at each Go generation, which keeps the tables as
// small as one generation.
import { create, toBinary } from "@bufbuild/protobuf";
import type { MessageInitShape } from "@bufbuild/protobuf";
import {
  CallstackSchema,
  DebugAnnotationSchema,
  TrackDescriptorSchema,
  TrackEventSchema,
  TrackEvent_Type,
  DebugAnnotationNameSchema,
  EventCategorySchema,
  EventNameSchema,
  FrameSchema,
  InternedDataSchema,
  InternedStringSchema,
  TracePacketSchema,
  TracePacket_SequenceFlags,
} from "./gen/perfetto/trace_pb.js";
import { PACKET_TAG, putFixed64, putFixedVarint4, putInt64, putVarint, varintSize } from "./wire.js";
import type {
  Callstack,
  DebugAnnotationName,
  EventCategory,
  EventName,
  Frame,
  InternedData,
  InternedString,
  TracePacket,
} from "./gen/perfetto/trace_pb.js";

/** The packet sequence of the Go events' packets. */
export const SEQUENCE_ID = 1;
/** The packet sequence of the heap model's counters, written after the rest with a clock of its own. */
export const HEAP_SEQUENCE_ID = 2;
/**
 * The sequence-scoped clock (ids 64 to 127 are scoped to their sequence) whose timestamps are
 * deltas from the previous one on the sequence, as Perfetto's SDK declares its `kClockIdIncremental`.
 */
export const INCREMENTAL_CLOCK_ID = 64;
/** BUILTIN_CLOCK_BOOTTIME: the default clock domain, which the packets' absolute times are in. */
export const TRACE_CLOCK_ID = 6;

/** A stack frame as the reader gives it. */
export interface StackFrame {
  pc: number;
  func: string;
  file: string;
  line: number;
}

type PacketInit = MessageInitShape<typeof TracePacketSchema>;
/** A packet's content (its `data` oneof): the writer sets its time, sequence, flags and interned data. */
type PacketData = NonNullable<Exclude<PacketInit, TracePacket>["data"]>;

const encoder = new TextEncoder();

/**
 * Field numbers of the packets written by hand (`trackEvent()`), read from the generated schema so
 * they cannot drift from it.
 */
const F = {
  timestamp: TracePacketSchema.field.timestamp.number,
  sequenceId: TracePacketSchema.field.trustedPacketSequenceId.number,
  trackEvent: TracePacketSchema.field.trackEvent.number,
  sequenceFlags: TracePacketSchema.field.sequenceFlags.number,
  timestampClockId: TracePacketSchema.field.timestampClockId.number,
  type: TrackEventSchema.field.type.number,
  trackUuid: TrackEventSchema.field.trackUuid.number,
  nameIid: TrackEventSchema.field.nameIid.number,
  counterValue: TrackEventSchema.field.counterValue.number,
  terminatingFlowIds: TrackEventSchema.field.terminatingFlowIds.number,
  flowIds: TrackEventSchema.field.flowIds.number,
  categoryIids: TrackEventSchema.field.categoryIids.number,
  debugAnnotations: TrackEventSchema.field.debugAnnotations.number,
  annotationNameIid: DebugAnnotationSchema.field.nameIid.number,
  annotationString: DebugAnnotationSchema.field.stringValue.number,
  annotationInt: DebugAnnotationSchema.field.intValue.number,
  extraCounterTrackUuids: TrackEventSchema.field.extraCounterTrackUuids.number,
  extraCounterValues: TrackEventSchema.field.extraCounterValues.number,
  trackDescriptor: TracePacketSchema.field.trackDescriptor.number,
  descUuid: TrackDescriptorSchema.field.uuid.number,
  descName: TrackDescriptorSchema.field.name.number,
  descParent: TrackDescriptorSchema.field.parentUuid.number,
  descRank: TrackDescriptorSchema.field.siblingOrderRank.number,
  internedData: TracePacketSchema.field.internedData.number,
  eventNames: InternedDataSchema.field.eventNames.number,
  eventNameIid: EventNameSchema.field.iid.number,
  eventNameName: EventNameSchema.field.name.number,
};
const NEEDS = TracePacket_SequenceFlags.SEQ_NEEDS_INCREMENTAL_STATE;
const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;
/** Bytes of the tags `emit()` writes before the packet's field, for its length (TRACE_CLOCK_ID and NEEDS are one byte each). */
const TAG_SIZE = {
  timestamp: varintSize((F.timestamp << 3) | VARINT),
  timestampClockId: varintSize((F.timestampClockId << 3) | VARINT),
  sequenceId: varintSize((F.sequenceId << 3) | VARINT),
  sequenceFlags: varintSize((F.sequenceFlags << 3) | VARINT),
};

/** Buffers encoded packets until they are taken, and owns the sequence's interning. */
export class PacketWriter {
  /** The records so far, in one growing buffer. */
  private buf = new Uint8Array(1 << 16);
  private size = 0;
  /** Scratch for a hand-written TrackEvent's body. */
  private body = new Uint8Array(256);
  private bodyLen = 0;
  private sequence = SEQUENCE_ID;
  private first = true;
  /** The next packet must come after one that clears the sequence's incremental state. */
  private clearPending = true;
  /** The incremental clock's time: the last delta-encoded packet's, or the snapshot's that declared it. */
  private clock = 0;
  /** The time of the last snapshot of the incremental clock: Perfetto wants them never to go back. */
  private snapshotTime = 0;
  private names = new Map<string, number>();
  private categories = new Map<string, number>();
  private annotationNames = new Map<string, number>();
  private functions = new Map<string, number>();
  private files = new Map<string, number>();
  private frames = new Map<string, number>();
  private callstacks = new Map<string, number>();
  /** Interned entries other than event names made since the last packet: they ride on the next one, which `packet()` writes. */
  private pending: Pending = emptyPending();
  private pendingCount = 0;
  /** Event names interned since the last packet (iids and texts): the hand-written packets carry them too. */
  private pendingNameIids: number[] = [];
  private pendingNameTexts: string[] = [];
  /** Counts the resets of the interning: an iid kept by a caller holds while this is unchanged. */
  generation = 0;

  /** Bytes buffered and not yet taken. */
  get bufferedBytes(): number {
    return this.size;
  }

  /**
   * Moves on to another packet sequence (for good): its first packet clears its incremental state,
   * its interning and its incremental clock start afresh.
   */
  useSequence(id: number): void {
    this.resetInterning();
    this.sequence = id;
    this.first = true;
    this.snapshotTime = 0;
  }

  /**
   * Entries interned since the last reset, in all tables: a generation with hundreds of thousands
   * of one-off names (every log message, every goroutine's label) would otherwise keep them all.
   */
  get internedCount(): number {
    return (
      this.names.size +
      this.categories.size +
      this.annotationNames.size +
      this.functions.size +
      this.files.size +
      this.frames.size +
      this.callstacks.size
    );
  }

  /**
   * Between packets: when more than `limit` entries are interned, forgets them and clears the
   * sequence's incremental state (as Perfetto's SDK does from time to time), so the tables stay
   * bounded however many distinct names a generation has.
   */
  boundInterning(limit: number): void {
    if (this.internedCount > limit) this.resetInterning();
  }

  /** Forgets every interned entry: the next packet clears the sequence's incremental state. */
  resetInterning(): void {
    this.names.clear();
    this.categories.clear();
    this.annotationNames.clear();
    this.functions.clear();
    this.files.clear();
    this.frames.clear();
    this.callstacks.clear();
    this.pending = emptyPending();
    this.pendingCount = 0;
    this.pendingNameIids = [];
    this.pendingNameTexts = [];
    this.clearPending = true;
    this.generation++;
  }

  /** The iid of an event name, interned on first use. */
  name(text: string): number {
    let iid = this.names.get(text);
    if (iid === undefined) {
      iid = this.names.size + 1;
      this.names.set(text, iid);
      this.pendingNameIids.push(iid);
      this.pendingNameTexts.push(text);
    }
    return iid;
  }

  /** The iid of an event category, interned on first use. */
  category(text: string): bigint {
    let iid = this.categories.get(text);
    if (iid === undefined) {
      iid = this.categories.size + 1;
      this.categories.set(text, iid);
      this.pending.eventCategories.push(create(EventCategorySchema, { iid: BigInt(iid), name: text }));
      this.pendingCount++;
    }
    return BigInt(iid);
  }

  /** The iid of a debug annotation's name, interned on first use. */
  annotationName(text: string): bigint {
    let iid = this.annotationNames.get(text);
    if (iid === undefined) {
      iid = this.annotationNames.size + 1;
      this.annotationNames.set(text, iid);
      this.pending.debugAnnotationNames.push(create(DebugAnnotationNameSchema, { iid: BigInt(iid), name: text }));
      this.pendingCount++;
    }
    return BigInt(iid);
  }

  /** The iid of a callstack (frames innermost first, as Go gives them), interned with its frames. */
  callstack(key: string, frames: readonly StackFrame[]): bigint {
    let iid = this.callstacks.get(key);
    if (iid === undefined) {
      // Perfetto lists a callstack's frames from the bottom (outermost) up.
      const ids: bigint[] = [];
      for (let i = frames.length - 1; i >= 0; i--) ids.push(this.frame(frames[i]!));
      iid = this.callstacks.size + 1;
      this.callstacks.set(key, iid);
      this.pending.callstacks.push(create(CallstackSchema, { iid: BigInt(iid), frameIds: ids }));
      this.pendingCount++;
    }
    return BigInt(iid);
  }

  private frame(f: StackFrame): bigint {
    const key = `${f.pc}\u0000${f.func}\u0000${f.file}\u0000${f.line}`;
    let iid = this.frames.get(key);
    if (iid === undefined) {
      iid = this.frames.size + 1;
      this.frames.set(key, iid);
      // No mapping: Go's frames come symbolized, and Perfetto takes mapping_id 0 as "none".
      this.pending.frames.push(
        create(FrameSchema, {
          iid: BigInt(iid),
          functionNameId: this.interned(this.functions, this.pending.functionNames, f.func),
          sourcePathIid: this.interned(this.files, this.pending.sourcePaths, f.file),
          lineNumber: f.line,
        }),
      );
      this.pendingCount++;
    }
    return BigInt(iid);
  }

  private interned(table: Map<string, number>, out: InternedString[], text: string): bigint {
    let iid = table.get(text);
    if (iid === undefined) {
      iid = table.size + 1;
      table.set(text, iid);
      out.push(create(InternedStringSchema, { iid: BigInt(iid), str: encoder.encode(text) }));
      this.pendingCount++;
    }
    return BigInt(iid);
  }

  /**
   * Before a packet at `time` after the sequence's incremental state was dropped: the packet that
   * clears it, sets the sequence's default clock to the incremental one and declares that clock
   * equal to the trace clock at `time` (or at the last such snapshot, as they must not go back), as
   * Perfetto's SDK does on each incremental state reset.
   */
  private startState(time: number): void {
    if (!this.clearPending) return;
    this.clearPending = false;
    const at = BigInt(Math.max(time, this.snapshotTime, 0));
    this.snapshotTime = Number(at);
    this.clock = this.snapshotTime;
    const msg = create(TracePacketSchema, {
      // Perfetto reads a clock snapshot before the packet's time, so this one uses no clock.
      timestamp: at,
      timestampClockId: TRACE_CLOCK_ID,
      data: {
        case: "clockSnapshot",
        value: {
          clocks: [
            { clockId: TRACE_CLOCK_ID, timestamp: at },
            { clockId: INCREMENTAL_CLOCK_ID, timestamp: at, isIncremental: true },
          ],
        },
      },
      optionalTrustedPacketSequenceId: { case: "trustedPacketSequenceId", value: this.sequence },
      sequenceFlags: TracePacket_SequenceFlags.SEQ_INCREMENTAL_STATE_CLEARED,
      tracePacketDefaults: { timestampClockId: INCREMENTAL_CLOCK_ID },
      ...(this.first ? { firstPacketOnSequence: true } : {}),
    });
    this.first = false;
    this.record(toBinary(TracePacketSchema, msg));
  }

  /**
   * A packet's time as written: the delta from the incremental clock's last time, or, for a time
   * before it (what began before the trace or its generation, drawn from then), the absolute time
   * on the trace clock, which the packet then names. A negative time (the Sync before a converted
   * pre-1.22 trace) is 0: Perfetto's times are unsigned.
   */
  private stamp(time: number): { value: number; absolute: boolean } {
    const t = Math.max(0, time);
    if (t < this.clock) return { value: t, absolute: true };
    const value = t - this.clock;
    this.clock = t;
    return { value, absolute: false };
  }

  /**
   * Encodes one packet at `time` on the sequence. It carries the interned entries made since the
   * last packet; like every packet after the state is set, it needs the sequence's incremental
   * state (the defaults say its time is on the incremental clock).
   */
  packet(time: number, init: { data: PacketData }): void {
    this.startState(time);
    let internedData: InternedData | undefined;
    if (this.pendingCount > 0 || this.pendingNameIids.length > 0) {
      const texts = this.pendingNameTexts;
      this.pending.eventNames = this.pendingNameIids.map((iid, i) =>
        create(EventNameSchema, { iid: BigInt(iid), name: texts[i] as string }),
      );
      internedData = create(InternedDataSchema, this.pending);
      this.pending = emptyPending();
      this.pendingCount = 0;
      this.pendingNameIids = [];
      this.pendingNameTexts = [];
    }
    // Perfetto reads a clock snapshot before the packet's time: the incremental clock must not move.
    const snapshot = init.data?.case === "clockSnapshot";
    const { value, absolute } = snapshot ? { value: Math.max(0, time), absolute: true } : this.stamp(time);
    const msg = create(TracePacketSchema, {
      ...init,
      timestamp: BigInt(value),
      ...(absolute ? { timestampClockId: TRACE_CLOCK_ID } : {}),
      optionalTrustedPacketSequenceId: { case: "trustedPacketSequenceId", value: this.sequence },
      sequenceFlags: NEEDS,
      ...(internedData !== undefined ? { internedData } : {}),
    });
    this.record(toBinary(TracePacketSchema, msg));
  }

  /**
   * The common packets (a slice's begin or end, a counter's value, with the values of other
   * counters at the same time) written straight from their fields: the same wire format the schema
   * gives, without building message objects, which is most of the work per event. Event names
   * interned since the last packet ride along. Returns false, writing nothing, when the packet must
   * carry other interned data: `packet()` writes those.
   */
  trackEvent(
    time: number,
    type: TrackEvent_Type,
    track: number,
    nameIid: number,
    counter: number | null,
    terminatingFlow: number | null,
    extraTracks: readonly number[] = [],
    extraValues: readonly number[] = [],
    flow: number | null = null,
  ): boolean {
    if (this.pendingCount > 0) return false;
    this.startState(time);
    if (this.pendingCount > 0) return false;
    // The body's varints written in place after one check for room (ten bytes a varint, eleven a
    // fixed64 with its tag): this runs four times per Go state transition.
    const extras = extraTracks.length + extraValues.length;
    this.bodyLen = 0;
    this.bodyRoom(80 + 12 * extras);
    const b = this.body;
    let at = putVarint(b, 0, (F.type << 3) | VARINT);
    at = putVarint(b, at, type);
    at = putVarint(b, at, (F.trackUuid << 3) | VARINT);
    at = putVarint(b, at, track);
    if (nameIid !== 0) {
      at = putVarint(b, at, (F.nameIid << 3) | VARINT);
      at = putVarint(b, at, nameIid);
    }
    if (counter !== null) {
      at = putVarint(b, at, (F.counterValue << 3) | VARINT);
      at = putInt64(b, at, counter);
    }
    if (flow !== null) {
      at = putVarint(b, at, (F.flowIds << 3) | FIXED64);
      at = putFixed64(b, at, flow);
    }
    if (terminatingFlow !== null) {
      at = putVarint(b, at, (F.terminatingFlowIds << 3) | FIXED64);
      at = putFixed64(b, at, terminatingFlow);
    }
    // Repeated and unpacked, as Perfetto's proto2 declares them (its reader takes no packed form).
    for (let i = 0; i < extraTracks.length; i++) {
      at = putVarint(b, at, (F.extraCounterTrackUuids << 3) | VARINT);
      at = putVarint(b, at, extraTracks[i] as number);
    }
    for (let i = 0; i < extraValues.length; i++) {
      at = putVarint(b, at, (F.extraCounterValues << 3) | VARINT);
      at = putInt64(b, at, extraValues[i] as number);
    }
    this.bodyLen = at;
    this.emit(time, F.trackEvent);
    return true;
  }

  /**
   * An instant with a category and debug annotations (a Go log: its category, message and task),
   * written by hand like `trackEvent()`; false, writing nothing, when other interned data (a
   * category's or an annotation's name met for the first time) waits for `packet()`.
   */
  annotatedInstant(
    time: number,
    track: number,
    nameIid: number,
    categoryIid: number,
    annotations: readonly { nameIid: number; value: string | number }[],
  ): boolean {
    if (this.pendingCount > 0) return false;
    this.startState(time);
    if (this.pendingCount > 0) return false;
    this.bodyLen = 0;
    this.bodyTag(F.type, VARINT);
    this.bodyVarint(TrackEvent_Type.INSTANT);
    this.bodyTag(F.trackUuid, VARINT);
    this.bodyVarint(track);
    this.bodyTag(F.nameIid, VARINT);
    this.bodyVarint(nameIid);
    this.bodyTag(F.categoryIids, VARINT);
    this.bodyVarint(categoryIid);
    for (const a of annotations) {
      // DebugAnnotation { name_iid, string_value | int_value }, its length padded to four bytes so it
      // can be written after its content.
      this.bodyTag(F.debugAnnotations, LEN);
      this.bodyRoom(4);
      const lenAt = this.bodyLen;
      this.bodyLen += 4;
      this.bodyTag(F.annotationNameIid, VARINT);
      this.bodyVarint(a.nameIid);
      if (typeof a.value === "string") {
        this.bodyTag(F.annotationString, LEN);
        this.bodyString(a.value);
      } else {
        this.bodyTag(F.annotationInt, VARINT);
        this.bodyInt64(a.value);
      }
      putFixedVarint4(this.body, lenAt, this.bodyLen - lenAt - 4);
    }
    this.emit(time, F.trackEvent);
    return true;
  }

  /**
   * A TrackDescriptor packet (a named track, its parent and rank) written straight from its fields,
   * like `trackEvent()`; false, writing nothing, when other interned data waits for `packet()`.
   */
  trackDescriptor(time: number, uuid: number, name: string, parent: number | null, rank: number | null): boolean {
    if (this.pendingCount > 0) return false;
    this.startState(time);
    if (this.pendingCount > 0) return false;
    this.bodyLen = 0;
    this.bodyTag(F.descUuid, VARINT);
    this.bodyVarint(uuid);
    this.bodyTag(F.descName, LEN);
    this.bodyString(name);
    if (parent !== null) {
      this.bodyTag(F.descParent, VARINT);
      this.bodyVarint(parent);
    }
    if (rank !== null) {
      this.bodyTag(F.descRank, VARINT);
      this.bodyInt64(rank);
    }
    this.emit(time, F.trackDescriptor);
    return true;
  }

  /**
   * Writes one packet at `time` on the sequence whose `field` (a TrackEvent or TrackDescriptor) is
   * the scratch body, with the event names interned since the last packet.
   */
  private emit(time: number, field: number): void {
    const { value, absolute } = this.stamp(time);
    const names = this.pendingNameIids;
    if (names.length === 0) {
      // The common case: the packet's length is known before it is written, so it goes in place.
      const bodyLen = this.bodyLen;
      const length =
        TAG_SIZE.timestamp +
        varintSize(value) +
        (absolute ? TAG_SIZE.timestampClockId + 1 : 0) +
        TAG_SIZE.sequenceId +
        varintSize(this.sequence) +
        TAG_SIZE.sequenceFlags +
        1 +
        varintSize((field << 3) | LEN) +
        varintSize(bodyLen) +
        bodyLen;
      this.ensure(length + 6);
      const b = this.buf;
      let at = this.size;
      b[at++] = PACKET_TAG;
      at = putVarint(b, at, length);
      at = this.putHead(b, at, value, absolute);
      at = putVarint(b, at, (field << 3) | LEN);
      at = putVarint(b, at, bodyLen);
      const body = this.body;
      for (let i = 0; i < bodyLen; i++) b[at++] = body[i] as number;
      this.size = at;
      return;
    }
    let internedBound = 0;
    for (const text of this.pendingNameTexts) internedBound += 3 * text.length + 24;
    // The packet is written 32 bytes on (more than its record header takes), then moved up to it.
    this.ensure(this.bodyLen + internedBound + 64);
    const b = this.buf;
    const start = this.size;
    const packetAt = start + 32;
    let at = this.putHead(b, packetAt, value, absolute);
    if (names.length > 0) {
      // InternedData { event_names: [EventName { iid, name }] }, its length written after its content.
      at = putVarint(b, at, (F.internedData << 3) | LEN);
      const lenAt = at;
      at += 4;
      const contentAt = at;
      const texts = this.pendingNameTexts;
      for (let i = 0; i < names.length; i++) {
        const iid = names[i] as number;
        const utf8 = encoder.encode(texts[i] as string);
        const entry = 1 + varintSize(iid) + 1 + varintSize(utf8.length) + utf8.length;
        at = putVarint(b, at, (F.eventNames << 3) | LEN);
        at = putVarint(b, at, entry);
        at = putVarint(b, at, (F.eventNameIid << 3) | VARINT);
        at = putVarint(b, at, iid);
        at = putVarint(b, at, (F.eventNameName << 3) | LEN);
        at = putVarint(b, at, utf8.length);
        b.set(utf8, at);
        at += utf8.length;
      }
      putFixedVarint4(b, lenAt, at - contentAt);
      this.pendingNameIids = [];
      this.pendingNameTexts = [];
    }
    at = putVarint(b, at, (field << 3) | LEN);
    at = putVarint(b, at, this.bodyLen);
    const body = this.body;
    for (let i = 0; i < this.bodyLen; i++) b[at++] = body[i] as number;
    // The record's header (field 1, the packet's length) goes before the packet, which moves up to it.
    let h = putVarint(b, start + 1, at - packetAt);
    b[start] = PACKET_TAG;
    b.copyWithin(h, packetAt, at);
    h += at - packetAt;
    this.size = h;
  }

  /**
   * The fields every hand-written packet starts with: its time (a delta on the incremental clock,
   * or absolute on the trace clock, which it then names), the sequence and its flags. `emit()`
   * counts their bytes with TAG_SIZE for the packet's length.
   */
  private putHead(b: Uint8Array, at: number, time: number, absolute: boolean): number {
    at = putVarint(b, at, (F.timestamp << 3) | VARINT);
    at = putVarint(b, at, time);
    if (absolute) {
      at = putVarint(b, at, (F.timestampClockId << 3) | VARINT);
      at = putVarint(b, at, TRACE_CLOCK_ID);
    }
    at = putVarint(b, at, (F.sequenceId << 3) | VARINT);
    at = putVarint(b, at, this.sequence);
    at = putVarint(b, at, (F.sequenceFlags << 3) | VARINT);
    return putVarint(b, at, NEEDS);
  }

  /** A string field's length and UTF-8 bytes. */
  private bodyString(text: string): void {
    this.bodyRoom(3 * text.length + 10);
    const lenAt = this.bodyLen;
    const { written } = encoder.encodeInto(text, this.body.subarray(lenAt + 5));
    this.bodyLen = putVarint(this.body, lenAt, written);
    this.body.copyWithin(this.bodyLen, lenAt + 5, lenAt + 5 + written);
    this.bodyLen += written;
  }

  /** An int64 field's value: a negative one is its two's complement, ten bytes long. */
  private bodyInt64(v: number): void {
    this.bodyRoom(10);
    this.bodyLen = putInt64(this.body, this.bodyLen, v);
  }

  private bodyTag(field: number, wire: number): void {
    this.bodyVarint((field << 3) | wire);
  }

  /** Makes room for `n` more bytes of body (many extra counter values can outgrow the scratch). */
  private bodyRoom(n: number): void {
    if (this.bodyLen + n <= this.body.length) return;
    const next = new Uint8Array(this.body.length * 2 + n);
    next.set(this.body);
    this.body = next;
  }

  private bodyVarint(v: number): void {
    this.bodyRoom(10);
    this.bodyLen = putVarint(this.body, this.bodyLen, v);
  }

  private ensure(n: number): void {
    if (this.size + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.size + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.size));
    this.buf = next;
  }

  /** Appends `bytes` as one `Trace.packet` (field 1, length-delimited) record. */
  private record(bytes: Uint8Array): void {
    this.ensure(bytes.length + 6);
    this.buf[this.size] = PACKET_TAG;
    this.size = putVarint(this.buf, this.size + 1, bytes.length);
    this.buf.set(bytes, this.size);
    this.size += bytes.length;
  }

  /** The buffered records as one chunk (empty when none), and the buffer emptied. */
  take(): Uint8Array {
    const out = this.buf.slice(0, this.size);
    this.size = 0;
    // A buffer grown for one big chunk is not kept.
    if (this.buf.length > 1 << 22) this.buf = new Uint8Array(1 << 16);
    return out;
  }
}

/** Interned entries made since the last packet, by InternedData field. */
interface Pending {
  eventCategories: EventCategory[];
  eventNames: EventName[];
  debugAnnotationNames: DebugAnnotationName[];
  functionNames: InternedString[];
  sourcePaths: InternedString[];
  frames: Frame[];
  callstacks: Callstack[];
}

function emptyPending(): Pending {
  return {
    eventCategories: [],
    eventNames: [],
    debugAnnotationNames: [],
    functionNames: [],
    sourcePaths: [],
    frames: [],
    callstacks: [],
  };
}
