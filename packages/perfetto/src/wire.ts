// The protobuf wire pieces the hand-written packets and the packet bundles are
// made of: varints of plain numbers (below 2^53), padded lengths, int64 and
// fixed64 values, and where a `Trace.packet` record ends (its length read with
// the codec's decodeUvarint, the one uvarint decoder of the workspace).
import { decodeUvarint, TWO32, type Uint64Halves } from "@gotrace/codec/internal";

/** The record tag of `Trace.packet` (field 1, length-delimited): every record of a trace file starts with it. */
export const PACKET_TAG = 0x0a;

/** Writes a non-negative integer below 2^53 as a varint at `at`; returns the position after it. */
export function putVarint(b: Uint8Array, at: number, v: number): number {
  if (v < 0x80) {
    b[at] = v;
    return at + 1;
  }
  // Above 2^31 the low bits are taken by remainder, since bit operators work on 32 bits.
  while (v >= 0x80) {
    b[at++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  b[at++] = v;
  return at;
}

/** Bytes of the varint of a non-negative integer below 2^53. */
export function varintSize(v: number): number {
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 0x80);
    n++;
  }
  return n;
}

/** Writes a length below 2^28 as a varint of exactly four bytes (padded with continuation bits), so it can be written after what it measures. */
export function putFixedVarint4(b: Uint8Array, at: number, v: number): void {
  b[at] = (v & 0x7f) | 0x80;
  b[at + 1] = ((v >>> 7) & 0x7f) | 0x80;
  b[at + 2] = ((v >>> 14) & 0x7f) | 0x80;
  b[at + 3] = (v >>> 21) & 0x7f;
}

/** Writes an int64 field's value at `at`: a negative one as its two's complement, ten bytes long. */
export function putInt64(b: Uint8Array, at: number, v: number): number {
  if (v >= 0) return putVarint(b, at, v);
  let u = BigInt.asUintN(64, BigInt(v));
  while (u >= 0x80n) {
    b[at++] = Number(u & 0x7fn) | 0x80;
    u >>= 7n;
  }
  b[at++] = Number(u);
  return at;
}

/** Writes a non-negative integer below 2^53 as eight little-endian bytes at `at`. */
export function putFixed64(b: Uint8Array, at: number, value: number): number {
  let v = value;
  for (let i = 0; i < 8; i++) {
    b[at++] = v % 0x100;
    v = Math.floor(v / 0x100);
  }
  return at;
}

/** A record's body: where it starts (after the tag and the length) and ends. */
export interface RecordBounds {
  start: number;
  end: number;
}

const length: Uint64Halves = { lo: 0, hi: 0 };

/**
 * Finds the `Trace.packet` record at `at` in `b` and puts its body's bounds in `out` (reused: no
 * object per record). Throws, naming the byte, where there is no record or it is cut short.
 */
export function readRecord(b: Uint8Array, at: number, out: RecordBounds): RecordBounds {
  if (b[at] !== PACKET_TAG) throw new Error(`no Trace.packet record at byte ${at}`);
  const start = decodeUvarint(b, at + 1, b.length, length);
  const end = start + length.lo + length.hi * TWO32;
  if (start < 0 || end > b.length) throw new Error(`the Trace.packet record at byte ${at} is cut short`);
  out.start = start;
  out.end = end;
  return out;
}
