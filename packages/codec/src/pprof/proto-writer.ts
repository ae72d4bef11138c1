// A minimal protobuf (proto3 wire format) writer: just what profile.proto
// needs. Counts, ids and indexes are JS numbers and must be safe non-negative
// integers (< 2^53), so they are exact. Wall-clock nanoseconds (~1.7e18) are
// past 2^53, so int64 fields that hold them take a bigint instead.

const WIRE_VARINT = 0;
const WIRE_LEN = 2;

const utf8 = new TextEncoder();

/** Appends protobuf fields to a growable byte buffer. */
export class ProtoWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  /** The bytes written so far (a copy sized exactly). */
  finish(): Uint8Array<ArrayBuffer> {
    return this.buf.slice(0, this.len);
  }

  /** A varint field; omitted when 0, as proto3 does for scalars at their default. */
  uint(field: number, value: number): this {
    if (value === 0) return this;
    this.tag(field, WIRE_VARINT);
    this.varint(value);
    return this;
  }

  /** An int64 field from a bigint (negative as 10-byte two's complement); omitted when 0. */
  int64(field: number, value: bigint): this {
    if (value === 0n) return this;
    if (value < -(2n ** 63n) || value >= 2n ** 63n) throw new RangeError(`protobuf: ${value} is out of int64 range`);
    let v = BigInt.asUintN(64, value);
    this.tag(field, WIRE_VARINT);
    this.reserve(10);
    while (v >= 0x80n) {
      this.buf[this.len++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.len++] = Number(v);
    return this;
  }

  /** A bool field; omitted when false. */
  bool(field: number, value: boolean): this {
    return this.uint(field, value ? 1 : 0);
  }

  /**
   * A string field, always written: repeated strings such as the string table
   * must keep their empty entries (index 0 is "").
   */
  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  /** A length-delimited field holding raw bytes. */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_LEN);
    this.varint(value.length);
    this.raw(value);
    return this;
  }

  /** A packed repeated varint field (int64/uint64); omitted when empty. */
  packed(field: number, values: readonly number[]): this {
    if (values.length === 0) return this;
    const inner = new ProtoWriter();
    for (const v of values) inner.varint(v);
    return this.bytes(field, inner.finish());
  }

  /** An embedded message, built by `build` on a fresh writer. Always written, even when empty. */
  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  private tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  private varint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`protobuf: ${value} is not a non-negative safe integer`);
    }
    this.reserve(8); // 2^53 needs at most 8 varint bytes
    // Division, not shifts: JS bit operators truncate to 32 bits.
    let v = value;
    while (v >= 0x80) {
      this.buf[this.len++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.len++] = v;
  }

  private raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}
