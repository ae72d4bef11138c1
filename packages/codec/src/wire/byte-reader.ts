// A bounds-checked reader over one Uint8Array, for structured payloads
// (experiment batches, string and stack sections). The event loop in
// raw-decoder.ts decodes its varints inline instead.
import { TraceError } from "../errors/trace-error.js";
import { u64ToNumber } from "./uint64.js";
import { decodeUvarint, UVARINT_OVERFLOW, UVARINT_SHORT } from "./uvarint.js";

const utf8 = /*@__PURE__*/ new TextDecoder("utf-8");

/**
 * A bounds-checked reader over one Uint8Array, with Go's uvarint rules. Every
 * read past the end throws a TraceError (E_TRUNCATED) naming the byte offset,
 * counted from `base`.
 */
export class ByteReader {
  private readonly buf: Uint8Array;
  private readonly base: number;
  private pos = 0;
  /** Halves of the last uvarint read. */
  lo = 0;
  hi = 0;

  /** `base` is the offset of buf[0] in the trace, for error messages. */
  constructor(buf: Uint8Array, base = 0) {
    this.buf = buf;
    this.base = base;
  }

  /** Offset in the trace of the next byte to read. */
  get offset(): number {
    return this.base + this.pos;
  }

  /** Whether every byte has been read. */
  atEnd(): boolean {
    return this.pos >= this.buf.length;
  }

  /** The next byte; throws E_TRUNCATED at the end. */
  u8(): number {
    if (this.pos >= this.buf.length) throw this.eof("a byte");
    return this.buf[this.pos++] as number;
  }

  /** Reads a uvarint into lo/hi (Go's rules: at most 10 bytes, padding allowed). */
  uvarint64(): void {
    const start = this.pos;
    const q = decodeUvarint(this.buf, start, this.buf.length, this);
    if (q === UVARINT_SHORT) throw this.eof("the rest of a uvarint", start);
    if (q === UVARINT_OVERFLOW) {
      throw new TraceError("E_VARINT", "uvarint overflows 64 bits", {
        offset: this.base + start,
        goMessage: "binary: varint overflows a 64-bit integer",
      });
    }
    this.pos = q;
  }

  /** A uvarint as a number; throws E_RANGE when it is not exact (2^64-1 reads as -1). */
  uvarint(): number {
    const start = this.pos;
    this.uvarint64();
    const n = u64ToNumber(this.lo, this.hi);
    if (Number.isNaN(n)) {
      throw new TraceError("E_RANGE", "value above 2^53 where a number was expected", { offset: this.base + start });
    }
    return n;
  }

  /** A view of the next n bytes. */
  bytes(n: number): Uint8Array {
    if (n > this.buf.length - this.pos) throw this.eof(`${n} bytes`);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** The next n bytes decoded as UTF-8 (invalid bytes become U+FFFD); throws E_TRUNCATED when fewer remain. */
  utf8(n: number): string {
    return utf8.decode(this.bytes(n));
  }

  private eof(what: string, at = this.pos): TraceError {
    return new TraceError("E_TRUNCATED", `data ends where ${what} was expected`, {
      offset: this.base + at,
      goMessage: "unexpected EOF",
    });
  }
}
