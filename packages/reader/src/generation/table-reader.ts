// A reader over one structural batch (strings, stacks, CPU samples, sync),
// failing the way Go's bytes.Reader + binary.ReadUvarint fail: a bare "EOF"
// before a value, "unexpected EOF" inside one, the overflow error past 64 bits.
import { TraceError, type TraceErrorCode } from "@gotrace/codec";
import {
  decodeUvarint,
  MAX_UVARINT_BYTES,
  u64ToDouble,
  UVARINT_OVERFLOW,
  UVARINT_SHORT,
} from "@gotrace/codec/internal";
import { type U64, u64FromHalves } from "../u64.js";

/** A Go error text from a table batch, before the generation reader adds where it happened. */
export class TableError extends Error {
  readonly code: TraceErrorCode;
  readonly goMessage: string;
  /** Offset in the batch data. */
  readonly at: number;
  constructor(code: TraceErrorCode, goMessage: string, at: number) {
    super(goMessage);
    this.code = code;
    this.goMessage = goMessage;
    this.at = at;
  }
}

export class TableReader {
  readonly data: Uint8Array;
  pos = 0;
  /** Halves of the last uvarint. */
  lo = 0;
  hi = 0;

  constructor(data: Uint8Array) {
    this.data = data;
  }

  get remaining(): number {
    return this.data.length - this.pos;
  }

  /** One byte; throws Go's EOF at the end. */
  byte(): number {
    if (this.pos >= this.data.length) throw new TableError("E_TRUNCATED", "EOF", this.pos);
    return this.data[this.pos++]!;
  }

  /** A uvarint into lo/hi; `wrap` turns Go's bare error into a prefixed one. */
  uvarint64(wrap?: (err: string) => string): void {
    const start = this.pos;
    const end = this.data.length;
    const q = decodeUvarint(this.data, start, end, this);
    if (q >= 0) {
      this.pos = q;
      return;
    }
    // Go's bytes.Reader has consumed what it read before failing.
    this.pos = q === UVARINT_SHORT ? end : start + MAX_UVARINT_BYTES;
    const msg =
      q === UVARINT_OVERFLOW ? "binary: varint overflows a 64-bit integer" : start >= end ? "EOF" : "unexpected EOF";
    throw new TableError(q === UVARINT_OVERFLOW ? "E_VARINT" : "E_TRUNCATED", wrap ? wrap(msg) : msg, start);
  }

  /** A uvarint as a canonical U64 (int64 reading). */
  u64(wrap?: (err: string) => string): U64 {
    this.uvarint64(wrap);
    return u64FromHalves(this.lo, this.hi);
  }

  /** The last uvarint as an unsigned bigint. */
  lastBigInt(): bigint {
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  /** The last uvarint rounded to float64 (Go's float64(uint64)). */
  lastDouble(): number {
    return u64ToDouble(this.lo, this.hi);
  }

  /** Passes up to n bytes (fewer at the end); returns how many. */
  skip(n: number): number {
    const end = Math.min(this.data.length, this.pos + n);
    const got = end - this.pos;
    this.pos = end;
    return got;
  }

  /** Up to n bytes (fewer at the end), as a view. */
  take(n: number): Uint8Array {
    const end = Math.min(this.data.length, this.pos + n);
    const out = this.data.subarray(this.pos, end);
    this.pos = end;
    return out;
  }
}

/** Whether a value is a TableError (errors thrown inside table parsing). */
export function isTableError(e: unknown): e is TableError {
  return e instanceof TableError;
}

/** Re-throws anything that is not a TableError or TraceError. */
export function rethrowForeign(e: unknown): void {
  if (!(e instanceof TableError) && !TraceError.isInstance(e)) throw e;
}
