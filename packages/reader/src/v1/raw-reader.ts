// Reading one v1 event from the bytes (Go's readRawEvent): the type byte, its
// arguments in one of the two encodings, and the special layouts of String,
// Batch and UserLog. The first pass over a trace skips what it does not need
// (flags), and that changes which errors Go reports, so the flags are kept.
import { decodeUvarint, u64ToDouble } from "@gotrace/codec/internal";
import { MALFORMED_VARINT, v1Error } from "./errors.js";
import { V1, V1_EVENT_COUNT, V1_EVENTS } from "./events.js";
import { type U64, u64Decimal, u64Num } from "./u64.js";

/** Read argument values only as far as needed to skip them. */
export const SKIP_ARGS = 1;
/** Skip string dictionary entries instead of recording them. */
export const SKIP_STRINGS = 2;

// Go decodes strings with string(buf): keep a BOM as the character it is.
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** A decoded event before interpretation; reused between reads. */
export class RawEvent {
  /** Event type; None after a string dictionary entry. */
  typ = 0;
  /** Number of argument values read (they are in lo/hi[0..n)). */
  n = 0;
  /** Low and high 32 bits of each argument value. */
  readonly lo: number[] = [];
  readonly hi: number[] = [];
  /** UserLog's inline message, and a key that tells apart strings that decode alike. */
  message = "";
  messageKey = "";
  /** For Batch: its P (-1 for 2^64-1). */
  batchPid = 0;
  /** Byte offset of the event's first byte in the file. */
  offset = 0;

  push(lo: number, hi: number): void {
    this.lo[this.n] = lo;
    this.hi[this.n] = hi;
    this.n++;
  }

  /** Argument i as a number (see u64.ts). */
  num(i: number): U64 {
    return u64Num(this.lo[i] as number, this.hi[i] as number);
  }
}

/** The bytes of a v1 trace with a read position, and the string dictionary read so far. */
export class V1Bytes {
  readonly data: Uint8Array;
  /** The N of "go 1.N trace". */
  readonly version: number;
  /** Position of the next byte to read (an offset in the whole file). */
  off: number;
  /** The string dictionary: id → text. */
  readonly strings = new Map<U64, string>();
  /** Halves of the last uvarint read. */
  lo = 0;
  hi = 0;

  constructor(data: Uint8Array, version: number, start: number) {
    this.data = data;
    this.version = version;
    this.off = start;
  }

  /**
   * Decodes a uvarint at `p` (Go's binary.Uvarint on data[p:end]) into lo/hi.
   * Returns the position after it, or -1 for a value that is cut or overflows.
   */
  private uvarintAt(p: number, end: number): number {
    // Go's Uvarint tells a cut value from an overflowing one; v1 reports both alike.
    const q = decodeUvarint(this.data, p, end, this);
    return q < 0 ? -1 : q;
  }

  /** Reads a uvarint at the read position; false when it is malformed. */
  private readVal(): boolean {
    const p = this.uvarintAt(this.off, this.data.length);
    if (p < 0) return false;
    this.off = p;
    return true;
  }

  /** The last value read as a (non-negative, maybe rounded) length. */
  private get len(): number {
    return u64ToDouble(this.lo, this.hi);
  }

  /** Go's readFull check: fails at the end of data even for zero bytes. */
  private canRead(n: number): boolean {
    return this.off < this.data.length && this.off + n <= this.data.length;
  }

  /** Go's discard: skip n bytes if they are there. */
  private discard(n: number): boolean {
    if (this.off + n > this.data.length) return false;
    this.off += n;
    return true;
  }

  /**
   * Reads the next event into `ev`. Returns false at the end of the data (Go's
   * io.EOF, which a skipped UserLog string that is cut short also returns).
   * Throws Go's errors.
   */
  readRawEvent(flags: number, ev: RawEvent): boolean {
    const data = this.data;
    const start = this.off;
    if (start >= data.length) return false;
    const b = data[this.off++] as number;
    const typ = b & 0x3f;
    // The top two bits give the number of arguments, counting the timestamp;
    // 3 on the wire means a byte length follows instead.
    const narg = (b >> 6) + 1;
    ev.offset = start;
    ev.n = 0;
    if (
      typ === V1.None ||
      typ >= V1_EVENT_COUNT ||
      (V1_EVENTS[typ] as { minVersion: number }).minVersion > this.version
    ) {
      throw v1Error("E_EVENT_TYPE", `unknown event type ${typ}`, start);
    }
    if (typ === V1.String) {
      if ((flags & SKIP_STRINGS) !== 0) this.skipString(start);
      else this.readString(start);
      ev.typ = V1.None;
      return true;
    }
    if (typ === V1.Batch) {
      if (narg !== 2)
        throw v1Error("E_EVENT_TYPE", `EvBatch has wrong number of arguments: got ${narg}, want 2`, start);
      if (!this.readVal()) throw v1Error("E_VARINT", MALFORMED_VARINT, start);
      const all1 = this.hi === 0xffffffff && this.lo === 0xffffffff;
      if (!all1 && (this.hi !== 0 || this.lo > 0x7fffffff)) {
        throw v1Error(
          "E_LIMIT",
          `processor ID ${u64Decimal(u64Num(this.lo, this.hi))} is larger than maximum of 18446744073709551615`,
          start,
        );
      }
      ev.typ = V1.Batch;
      ev.batchPid = all1 ? -1 : this.lo;
      ev.push(this.lo, this.hi);
      if (!this.readVal()) throw v1Error("E_VARINT", MALFORMED_VARINT, start);
      ev.push(this.lo, this.hi);
      return true;
    }
    ev.typ = typ;
    const argErr = (what: string) => v1Error("E_VARINT", `failed to read event ${typ} argument: ${what}`, start);
    if (narg <= 3) {
      // In skip mode the values are decoded but not kept.
      const keep = (flags & SKIP_ARGS) === 0;
      for (let i = 0; i < narg; i++) {
        if (!this.readVal()) throw argErr(MALFORMED_VARINT);
        if (keep) ev.push(this.lo, this.hi);
      }
      return true;
    }
    if (!this.readVal()) throw argErr(MALFORMED_VARINT);
    if (this.hi !== 0 || this.lo > 2048) {
      throw v1Error(
        "E_LIMIT",
        `failed to read event ${typ} argument: length-prefixed argument too big: ${u64Decimal(u64Num(this.lo, this.hi))} bytes, limit is 2048`,
        start,
      );
    }
    const size = this.lo;
    if ((flags & SKIP_ARGS) === 0 || typ === V1.CPUSample) {
      if (!this.canRead(size)) throw v1Error("E_TRUNCATED", "failed to read trace: unexpected EOF", start);
      const end = this.off + size;
      let p = this.off;
      while (p < end) {
        p = this.uvarintAt(p, end);
        if (p < 0) throw v1Error("E_VARINT", MALFORMED_VARINT, start);
        ev.push(this.lo, this.hi);
      }
      this.off = end;
    } else if (!this.discard(size)) {
      throw v1Error("E_TRUNCATED", "failed to read trace: EOF", start);
    }
    if (typ === V1.UserLog) {
      // UserLog carries its message inline, after the arguments.
      if (!this.readVal()) throw v1Error("E_VARINT", MALFORMED_VARINT, start);
      if ((flags & SKIP_ARGS) !== 0) return this.discard(this.len);
      ev.message = "";
      ev.messageKey = "";
      if (this.hi === 0 && this.lo === 0) return true;
      if (this.len > 1e6)
        throw v1Error("E_LIMIT", `string is too large (len=${u64Decimal(u64Num(this.lo, this.hi))})`, start);
      const bytes = this.take(this.len, start);
      ev.message = utf8.decode(bytes);
      ev.messageKey = bytesKey(ev.message, bytes);
    }
    return true;
  }

  private take(n: number, start: number): Uint8Array {
    if (!this.canRead(n)) throw v1Error("E_TRUNCATED", "failed to read trace: unexpected EOF", start);
    const out = this.data.subarray(this.off, this.off + n);
    this.off += n;
    return out;
  }

  private skipString(start: number): void {
    if (!this.readVal()) throw v1Error("E_VARINT", MALFORMED_VARINT, start);
    if (!this.readVal()) throw v1Error("E_VARINT", MALFORMED_VARINT, start);
    if (!this.discard(this.len)) throw v1Error("E_TRUNCATED", "failed to read trace: EOF", start);
  }

  private readString(start: number): void {
    if (!this.readVal()) throw v1Error("E_VARINT", MALFORMED_VARINT, start);
    if (this.hi === 0 && this.lo === 0) throw v1Error("E_ORDER", "string has invalid id 0", start);
    const id = u64Num(this.lo, this.hi);
    // Stored strings are never empty, so presence is Go's `!= ""` test.
    if (this.strings.has(id)) throw v1Error("E_ORDER", `string has duplicate id ${u64Decimal(id)}`, start);
    if (!this.readVal()) throw v1Error("E_VARINT", MALFORMED_VARINT, start);
    if (this.hi === 0 && this.lo === 0) throw v1Error("E_LIMIT", "string has invalid length 0", start);
    if (this.len > 1e6) {
      throw v1Error("E_LIMIT", `string has too large length ${u64Decimal(u64Num(this.lo, this.hi))}`, start);
    }
    this.strings.set(id, utf8.decode(this.take(this.len, start)));
  }
}

/**
 * A key that is equal only for equal bytes: the text itself when it decoded
 * cleanly, else the bytes spelled out (invalid UTF-8 decodes to U+FFFD, so
 * two different byte strings could decode alike).
 */
function bytesKey(text: string, bytes: Uint8Array): string {
  return text.includes("\uFFFD") ? `\u0000${bytes.join(",")}` : text;
}
