// A growable byte buffer with Go's uvarint encoding. Minimal varints by
// default, like Go's raw writer; `uvarintPadded` keeps a wider encoding,
// which the runtime uses for batch sizes.
import { TraceError } from "../errors/trace-error.js";
import { splitU64 } from "./uint64.js";

const utf8 = /*@__PURE__*/ new TextEncoder();

/** UTF-8 length of a string. */
export function utf8Length(s: string): number {
  return utf8.encode(s).length;
}

/**
 * A growable byte buffer with Go's uvarint encoding: minimal varints by
 * default, as Go's raw writer writes them, or padded to a width as the
 * runtime pads batch sizes. finish() hands out the bytes.
 */
export class ByteWriter {
  private buf: Uint8Array;
  private pos = 0;
  private readonly halves = { lo: 0, hi: 0 };

  constructor(initialSize = 1024) {
    this.buf = new Uint8Array(initialSize);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.pos;
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  /** Appends one byte (the low 8 bits of `b`). */
  u8(b: number): void {
    this.room(1);
    this.buf[this.pos++] = b;
  }

  /** A uvarint from a number or bigint; -1 stands for 2^64-1. */
  uvarint(value: number | bigint): void {
    if (typeof value === "number" && value >= 0 && value < 0x80) {
      this.room(1);
      this.buf[this.pos++] = value;
      return;
    }
    this.uvarintPadded(value, 0);
  }

  /** A uvarint at least `width` bytes long (zero groups after the value, as Go's runtime pads). */
  uvarintPadded(value: number | bigint, width: number): void {
    if (!splitU64(value, this.halves)) {
      throw new TraceError("E_ENCODE", `cannot encode ${String(value)} as an unsigned 64-bit value`);
    }
    this.uvarintHalves(this.halves.lo, this.halves.hi, width);
  }

  /** A uvarint of the 64-bit value `hi * 2^32 + lo` (both unsigned 32-bit), at least `width` bytes long. */
  uvarintHalves(lo: number, hi: number, width = 0): void {
    this.room(Math.max(width, 10));
    const buf = this.buf;
    let n = 0;
    // Seven bits at a time from the 64-bit value held in lo/hi.
    while (hi !== 0 || lo >= 0x80 || n + 1 < width) {
      buf[this.pos++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
      n++;
    }
    buf[this.pos++] = lo;
  }

  /** Appends the bytes as they are. */
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Appends the string encoded as UTF-8 (no length prefix). */
  utf8(s: string): void {
    this.bytes(utf8.encode(s));
  }

  /** The bytes written so far (a copy); the writer is reset. */
  finish(): Uint8Array {
    const out = this.buf.slice(0, this.pos);
    this.pos = 0;
    return out;
  }
}
