// The decoder's cursor: the current event, overwritten by every next().
// Arguments live in fixed typed arrays as 32-bit halves so that decoding
// allocates nothing per event; clone() makes a copy that outlives the cursor.
import { TraceError } from "../errors/trace-error.js";
import { u64ToBigInt, u64ToDecimal, u64ToNumber, uvarintSize } from "./uint64.js";

/** An event detached from the decoder: what the encoder takes. */
export interface RawEventRecord {
  readonly type: number;
  /** Arguments in wire order; for a Stack, id and nframes then 4 values per frame. -1 means 2^64-1. */
  readonly args: readonly (number | bigint)[];
  /** The data trailer of String and ExperimentalBatch. */
  readonly data?: Uint8Array;
  /**
   * Byte width of each argument as it was on the wire, where wider than
   * minimal (the runtime pads batch sizes to 10 bytes). Absent: minimal.
   */
  readonly widths?: readonly number[];
  /** Byte width of the data length as it was on the wire, where wider than minimal. */
  readonly dataLengthWidth?: number;
}

/**
 * One event as it is on the wire: type byte, Go's name, arguments (as
 * unsigned 64-bit values held in 32-bit halves), the data trailer as a view
 * and the byte offset. RawDecoder refills one RawEvent per next() call;
 * clone() keeps one.
 */
export class RawEvent {
  /** Type byte. */
  type = 0;
  /** Go's name for the type in the trace's format ("" for nameless types). */
  name = "";
  /** Number of arguments, frame values of a Stack included. */
  argCount = 0;
  /** Low and high 32 bits of each argument. */
  lo: Uint32Array = new Uint32Array(16);
  hi: Uint32Array = new Uint32Array(16);
  /** Wire width of each argument in bytes. */
  width: Uint8Array = new Uint8Array(16);
  /** True when some argument (or the data length) was encoded wider than minimal. */
  padded = false;
  /** Wire width of the data length (an ExperimentalBatch's padded batch size). */
  dataLengthWidth = 0;
  /** The data trailer (a view into the decoder's buffer, valid until next()), or null. */
  data: Uint8Array | null = null;
  /** Byte offset of the type byte in the trace. */
  offset = 0;
  /** Bytes the event takes on the wire. */
  length = 0;

  /** Grows the argument arrays to hold n values. */
  reserve(n: number): void {
    if (n <= this.lo.length) return;
    let size = this.lo.length * 2;
    while (size < n) size *= 2;
    const lo = new Uint32Array(size);
    const hi = new Uint32Array(size);
    const width = new Uint8Array(size);
    lo.set(this.lo);
    hi.set(this.hi);
    width.set(this.width);
    this.lo = lo;
    this.hi = hi;
    this.width = width;
  }

  /**
   * Argument i as a number: exact below 2^53, -1 for 2^64-1 (Go's NoThread,
   * NoTask and NoProc). Throws E_RANGE for other values above 2^53; read
   * those with argBigInt.
   */
  arg(i: number): number {
    const n = u64ToNumber(this.lo[i] as number, this.hi[i] as number);
    if (Number.isNaN(n)) {
      throw new TraceError("E_RANGE", `argument ${i} of ${this.name || `event type ${this.type}`} is above 2^53`, {
        offset: this.offset,
      });
    }
    return n;
  }

  /** Argument i, exactly. */
  argBigInt(i: number): bigint {
    return u64ToBigInt(this.lo[i] as number, this.hi[i] as number);
  }

  /** Argument i in decimal, as Go prints a uint64. */
  argDecimal(i: number): string {
    return u64ToDecimal(this.lo[i] as number, this.hi[i] as number);
  }

  /** Size with minimal varints, as Go's raw Event.EncodedSize counts it. */
  encodedSize(): number {
    let size = 1;
    const lo = this.lo;
    const hi = this.hi;
    for (let i = 0; i < this.argCount; i++) {
      const h = hi[i] as number;
      const l = lo[i] as number;
      size += h === 0 && l < 0x80 ? 1 : uvarintSize(l, h);
    }
    const data = this.data;
    if (data !== null) size += uvarintSize(data.length, 0) + data.length;
    return size;
  }

  /** A copy of the data trailer that outlives the cursor. */
  dataCopy(): Uint8Array {
    return this.data === null ? new Uint8Array(0) : this.data.slice();
  }

  /** A detached copy. Values above 2^53 (other than 2^64-1) become bigints. */
  clone(): RawEventRecord {
    const args: (number | bigint)[] = new Array(this.argCount);
    for (let i = 0; i < this.argCount; i++) {
      const n = u64ToNumber(this.lo[i] as number, this.hi[i] as number);
      args[i] = Number.isNaN(n) ? this.argBigInt(i) : n;
    }
    const record: {
      type: number;
      args: (number | bigint)[];
      data?: Uint8Array;
      widths?: number[];
      dataLengthWidth?: number;
    } = {
      type: this.type,
      args,
    };
    if (this.data !== null) record.data = this.data.slice();
    if (this.padded) {
      record.widths = Array.from(this.width.subarray(0, this.argCount));
      if (this.data !== null) record.dataLengthWidth = this.dataLengthWidth;
    }
    return record;
  }
}
