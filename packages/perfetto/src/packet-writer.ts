// Perfetto's packet layer: TracePackets encoded with the generated schema into
// length-delimited `Trace.packet` records (so any concatenation of them is a
// valid trace file), on one trusted packet sequence whose interned data
// (event names, function names, source files, frames, callstacks) is cleared
// at each Go generation, which keeps the tables as small as one generation.
import { create, toBinary } from "@bufbuild/protobuf";
import type { MessageInitShape } from "@bufbuild/protobuf";
import {
  CallstackSchema,
  TrackEventSchema,
  type TrackEvent_Type,
  EventNameSchema,
  FrameSchema,
  InternedDataSchema,
  InternedStringSchema,
  TracePacketSchema,
  TracePacket_SequenceFlags,
} from "./gen/perfetto/trace_pb.js";
import type { Callstack, EventName, Frame, InternedData, InternedString } from "./gen/perfetto/trace_pb.js";

/** The one packet sequence the exporter writes on. */
export const SEQUENCE_ID = 1;

/** A stack frame as the reader gives it. */
export interface StackFrame {
  pc: number;
  func: string;
  file: string;
  line: number;
}

type PacketInit = MessageInitShape<typeof TracePacketSchema>;

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
  type: TrackEventSchema.field.type.number,
  trackUuid: TrackEventSchema.field.trackUuid.number,
  nameIid: TrackEventSchema.field.nameIid.number,
  counterValue: TrackEventSchema.field.counterValue.number,
  terminatingFlowIds: TrackEventSchema.field.terminatingFlowIds.number,
};
const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;

/** Buffers encoded packets until they are taken, and owns the sequence's interning. */
export class PacketWriter {
  /** The records so far, in one growing buffer. */
  private buf = new Uint8Array(1 << 16);
  private size = 0;
  /** Scratch for a hand-written TrackEvent's body. */
  private readonly body = new Uint8Array(64);
  private bodyLen = 0;
  private first = true;
  /** The next packet must say the sequence's incremental state was cleared. */
  private clearPending = true;
  private names = new Map<string, number>();
  private functions = new Map<string, number>();
  private files = new Map<string, number>();
  private frames = new Map<string, number>();
  private callstacks = new Map<string, number>();
  /** Interned entries made since the last packet: they ride on the next one that uses them. */
  private pending: {
    eventNames: EventName[];
    functionNames: InternedString[];
    sourcePaths: InternedString[];
    frames: Frame[];
    callstacks: Callstack[];
  } = { eventNames: [], functionNames: [], sourcePaths: [], frames: [], callstacks: [] };
  private pendingCount = 0;

  /** Bytes buffered and not yet taken. */
  get bufferedBytes(): number {
    return this.size;
  }

  /** Forgets every interned entry: the next packet clears the sequence's incremental state. */
  resetInterning(): void {
    this.names.clear();
    this.functions.clear();
    this.files.clear();
    this.frames.clear();
    this.callstacks.clear();
    this.pending = { eventNames: [], functionNames: [], sourcePaths: [], frames: [], callstacks: [] };
    this.pendingCount = 0;
    this.clearPending = true;
  }

  /** The iid of an event name, interned on first use. */
  name(text: string): bigint {
    let iid = this.names.get(text);
    if (iid === undefined) {
      iid = this.names.size + 1;
      this.names.set(text, iid);
      this.pending.eventNames.push(create(EventNameSchema, { iid: BigInt(iid), name: text }));
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
   * Encodes one packet on the sequence. `interned` says it refers to interned data: it then
   * carries the entries made since the last packet and the flag that it needs them.
   */
  packet(init: PacketInit, interned: boolean): void {
    let flags = 0;
    if (this.clearPending) {
      flags |= TracePacket_SequenceFlags.SEQ_INCREMENTAL_STATE_CLEARED;
      this.clearPending = false;
    }
    if (interned) flags |= TracePacket_SequenceFlags.SEQ_NEEDS_INCREMENTAL_STATE;
    let internedData: InternedData | undefined;
    if (this.pendingCount > 0) {
      internedData = create(InternedDataSchema, this.pending);
      this.pending = { eventNames: [], functionNames: [], sourcePaths: [], frames: [], callstacks: [] };
      this.pendingCount = 0;
    }
    const msg = create(TracePacketSchema, {
      ...init,
      optionalTrustedPacketSequenceId: { case: "trustedPacketSequenceId", value: SEQUENCE_ID },
      ...(flags !== 0 ? { sequenceFlags: flags } : {}),
      ...(internedData !== undefined ? { internedData } : {}),
      ...(this.first ? { firstPacketOnSequence: true } : {}),
    });
    this.first = false;
    this.record(toBinary(TracePacketSchema, msg));
  }

  /**
   * The common packets (a slice's begin or end, a counter's value) written straight from their
   * fields: the same wire format the schema gives, without building message objects, which is
   * most of the work per event. Returns false, writing nothing, when the packet must carry interned
   * data or the sequence's first-packet mark: `packet()` writes those.
   */
  trackEvent(
    timestamp: number,
    type: TrackEvent_Type,
    track: number,
    nameIid: number,
    counter: number | null,
    terminatingFlow: bigint | null,
  ): boolean {
    if (this.pendingCount > 0 || this.first) return false;
    // Only an interned name makes the packet depend on the sequence's incremental state.
    let flags: number = nameIid !== 0 ? TracePacket_SequenceFlags.SEQ_NEEDS_INCREMENTAL_STATE : 0;
    if (this.clearPending) {
      flags |= TracePacket_SequenceFlags.SEQ_INCREMENTAL_STATE_CLEARED;
      this.clearPending = false;
    }
    this.bodyLen = 0;
    this.bodyTag(F.type, VARINT);
    this.bodyVarint(type);
    this.bodyTag(F.trackUuid, VARINT);
    this.bodyVarint(track);
    if (nameIid !== 0) {
      this.bodyTag(F.nameIid, VARINT);
      this.bodyVarint(nameIid);
    }
    if (counter !== null) {
      this.bodyTag(F.counterValue, VARINT);
      // int64: a negative value is its two's complement, ten bytes long.
      if (counter < 0) this.bodyBigVarint(BigInt.asUintN(64, BigInt(counter)));
      else this.bodyVarint(counter);
    }
    if (terminatingFlow !== null) {
      this.bodyTag(F.terminatingFlowIds, FIXED64);
      let v = BigInt.asUintN(64, terminatingFlow);
      for (let i = 0; i < 8; i++) {
        this.body[this.bodyLen++] = Number(v & 0xffn);
        v >>= 8n;
      }
    }
    // The packet: at most 11 + 2 + 2 + 64 + 3 bytes, so its length fits one varint byte.
    this.ensure(96);
    const b = this.buf;
    const start = this.size;
    b[start] = 0x0a;
    let at = start + 2;
    at = putVarint(b, at, (F.timestamp << 3) | VARINT);
    at = putVarint(b, at, Math.max(0, timestamp));
    at = putVarint(b, at, (F.sequenceId << 3) | VARINT);
    at = putVarint(b, at, SEQUENCE_ID);
    at = putVarint(b, at, (F.trackEvent << 3) | LEN);
    at = putVarint(b, at, this.bodyLen);
    b.set(this.body.subarray(0, this.bodyLen), at);
    at += this.bodyLen;
    if (flags !== 0) {
      at = putVarint(b, at, (F.sequenceFlags << 3) | VARINT);
      at = putVarint(b, at, flags);
    }
    b[start + 1] = at - start - 2;
    this.size = at;
    return true;
  }

  private bodyTag(field: number, wire: number): void {
    this.bodyVarint((field << 3) | wire);
  }

  private bodyVarint(v: number): void {
    this.bodyLen = putVarint(this.body, this.bodyLen, v);
  }

  private bodyBigVarint(v: bigint): void {
    while (v >= 0x80n) {
      this.body[this.bodyLen++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.body[this.bodyLen++] = Number(v);
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
    this.buf[this.size] = 0x0a;
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

/** Writes a non-negative integer below 2^53 as a varint at `at`; returns the position after it. */
function putVarint(b: Uint8Array, at: number, v: number): number {
  // Above 2^31 the low bits are taken by remainder, since bit operators work on 32 bits.
  while (v >= 0x80) {
    b[at++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  b[at++] = v;
  return at;
}
