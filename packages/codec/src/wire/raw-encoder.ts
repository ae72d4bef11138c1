// Go's raw writer: events back to bytes. Arguments are minimal uvarints
// unless the event says how wide they were (RawEventRecord.widths, or the
// widths a decoded cursor carries), so a decoded runtime trace, whose batch
// sizes are padded to 10 bytes, encodes back to the very same bytes.
import { TraceError } from "../errors/trace-error.js";
import { FORMATS, OLD_FORMATS } from "../gen/events.gen.js";
import { ByteWriter } from "./byte-writer.js";
import { encodeHeader } from "./header.js";
import type { RawEvent, RawEventRecord } from "./raw-event.js";
import { INVALID, type RawTable, TRAILER_DATA, TRAILER_STACK, rawTable } from "./raw-tables.js";

/** How a RawEncoder writes the header. */
export interface RawEncoderOptions {
  /** Header bytes to write instead of the canonical "go 1.N trace\0\0\0" (to keep an unusual header). */
  readonly header?: Uint8Array;
}

/**
 * Writes raw events back into a binary trace of one version: minimal
 * uvarints, as Go's raw writer, except where a decoded event records a wider
 * encoding, so decoding and re-encoding a real trace gives back its bytes.
 * Throws a TraceError (E_ENCODE) for an event the version does not have.
 */
export class RawEncoder {
  readonly version: number;
  private readonly w = new ByteWriter(1 << 16);
  private readonly go127: RawTable;
  private readonly writer: RawTable;
  private count = 0;

  constructor(version: number, options: RawEncoderOptions = {}) {
    this.version = version;
    const format = FORMATS.find((f) => f.header === version);
    if (!format && !OLD_FORMATS.some((f) => f.header === version)) {
      throw new TraceError("E_VERSION", `unknown or unsupported trace version go 1.${version}`);
    }
    this.go127 = rawTable(format, false);
    this.writer = rawTable(format, true);
    this.w.bytes(options.header ?? encodeHeader(version));
  }

  private argCount(type: number): number {
    const n = this.go127.argCount[type] as number;
    return n !== INVALID ? n : (this.writer.argCount[type] as number);
  }

  private tableFor(type: number): RawTable {
    return (this.go127.argCount[type] as number) !== INVALID ? this.go127 : this.writer;
  }

  /** Writes a detached event (see RawEventRecord). */
  write(ev: RawEventRecord): void {
    const type = ev.type;
    const argc = Number.isInteger(type) && type >= 0 && type < 256 ? this.argCount(type) : INVALID;
    const fail = (why: string) =>
      new TraceError("E_ENCODE", `event ${this.count} (type ${type}): ${why}`, { offset: this.w.length });
    if (argc === INVALID) throw fail(`not an event type of go 1.${this.version}`);
    const trailer = this.tableFor(type).trailer[type];
    let expected = argc;
    if (trailer === TRAILER_STACK) {
      // As Go reads (and writes) it, a frame count with bit 63 set means no frames.
      const count = ev.args[1] ?? 0;
      const frames = typeof count === "bigint" ? (count >= 1n << 63n ? 0 : Number(count)) : count === -1 ? 0 : count;
      expected = argc + 4 * frames;
    }
    if (ev.args.length !== expected) throw fail(`has ${ev.args.length} arguments, want ${expected}`);
    if ((trailer === TRAILER_DATA) !== (ev.data !== undefined)) {
      throw fail(trailer === TRAILER_DATA ? "needs data" : "takes no data");
    }
    this.w.u8(type);
    for (let i = 0; i < ev.args.length; i++) {
      try {
        this.w.uvarintPadded(ev.args[i] as number | bigint, ev.widths?.[i] ?? 0);
      } catch (err) {
        throw fail(`argument ${i}: ${(err as Error).message}`);
      }
    }
    if (ev.data !== undefined) {
      this.w.uvarintPadded(ev.data.length, ev.dataLengthWidth ?? 0);
      this.w.bytes(ev.data);
    }
    this.count++;
  }

  /** Writes the decoder's current event as it was on the wire (widths kept). */
  writeCursor(ev: RawEvent): void {
    this.w.u8(ev.type);
    const lo = ev.lo;
    const hi = ev.hi;
    const width = ev.width;
    for (let i = 0; i < ev.argCount; i++) {
      this.w.uvarintHalves(lo[i] as number, hi[i] as number, ev.padded ? (width[i] as number) : 0);
    }
    if (ev.data !== null) {
      this.w.uvarintPadded(ev.data.length, ev.padded ? ev.dataLengthWidth : 0);
      this.w.bytes(ev.data);
    }
    this.count++;
  }

  /** The bytes written since the last call (the header first). */
  take(): Uint8Array {
    return this.w.finish();
  }
}
