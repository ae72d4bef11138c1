// Perfetto's packet layer: TracePackets encoded with the generated schema into
// length-delimited `Trace.packet` records (so any concatenation of them is a
// valid trace file), on one trusted packet sequence whose interned data
// (event names, function names, source files, frames, callstacks) is cleared
// at each Go generation, which keeps the tables as small as one generation.
import { create, toBinary } from "@bufbuild/protobuf";
import type { MessageInitShape } from "@bufbuild/protobuf";
import {
  CallstackSchema,
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

/** Buffers encoded packets until they are taken, and owns the sequence's interning. */
export class PacketWriter {
  private parts: Uint8Array[] = [];
  private size = 0;
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

  /** Appends `bytes` as one `Trace.packet` (field 1, length-delimited) record. */
  private record(bytes: Uint8Array): void {
    const head = new Uint8Array(6);
    head[0] = 0x0a;
    let n = 1;
    let len = bytes.length;
    while (len >= 0x80) {
      head[n++] = (len & 0x7f) | 0x80;
      len >>>= 7;
    }
    head[n++] = len;
    this.parts.push(head.subarray(0, n), bytes);
    this.size += n + bytes.length;
  }

  /** The buffered records as one chunk (empty when none), and the buffer emptied. */
  take(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    this.parts = [];
    this.size = 0;
    return out;
  }
}
