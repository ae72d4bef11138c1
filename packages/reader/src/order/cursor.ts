// A cursor over one M's event batches in a generation (Go's batchCursor): it
// holds the M's next undelivered event, decoded in place (no allocation), with
// its time computed Go's way: each tick delta converted to nanoseconds on its
// own and added to the previous event's time.
//
// This is the reader's innermost loop (once per event). next() decodes the
// common event straight into the fields: varints of at most four bytes (each
// an int32), not near the end of the batch, a time without Go's quirks.
// Anything else is left to nextOne, which decodes any event with Go's errors,
// so errors surface at exactly the event Go reports them at. (Decoding blocks
// of events ahead into typed arrays was tried: copying them out again cost
// more than it saved.)
import type { Batch } from "../batch/batch.js";
import { traceError } from "../errors.js";
import { SPEC_COUNT, SPEC_NARGS, SPEC_TIMED } from "../specs.js";
import { type TimeFrame, convTicks } from "../time.js";
import type { U64 } from "../u64.js";
import type { MState } from "./state.js";
import { uvarintAt, varint4, vNum, vU64 } from "./varint.js";

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const TWO63 = 2 ** 63;
const INT64_MIN = -(2 ** 63);

/** Not a type Go accepts in an event batch. */
const BAD_TYPE = -1;
/** A known type without a timestamp. */
const UNTIMED = -2;

/** Per type byte: the number of arguments after dt, or BAD_TYPE / UNTIMED. */
const ARGS_OF_TYPE: Int8Array = Int8Array.from({ length: 256 }, (_, t) =>
  t >= SPEC_COUNT ? BAD_TYPE : SPEC_TIMED[t] === 0 ? UNTIMED : SPEC_NARGS[t]!,
);

const EMPTY = new Uint8Array(0);

/** Bytes an event can take on next()'s fast path: a type byte and five varints of at most four bytes. */
const MAX_FAST_EVENT = 21;

export class BatchCursor {
  readonly m: U64;
  private readonly batches: readonly Batch[];
  private readonly frame: TimeFrame;
  private readonly gen: U64;
  /** Index of the batch being read (-1 before the first). */
  private idx = -1;
  /** The data of the batch being read, its file offset, and the read position in it. */
  private data: Uint8Array = EMPTY;
  private dataOffset = 0;
  private pos = 0;
  /** The batch's base time in ticks (float64). */
  private batchTime = 0;
  // Every field starts as a number (not undefined, as a bare declaration
  // would), so V8 gives time fields a double representation that is updated
  // in place: no allocation per event.
  /** Time offset of the last event read (TimeFrame.zeroOffset = Go's unset 0). */
  private lastTs = 0;
  /** The offset of absolute time 0 (fixed once the trace's time base is chosen). */
  private readonly zero: number = 0;

  // The current event (Go's baseEvent). Unused argument slots keep old values, as in Go.
  typ = 0;
  time = 0;
  a0: U64 = 0;
  a1: U64 = 0;
  a2: U64 = 0;
  a3: U64 = 0;
  /** File offset of the current event. */
  offset = 0;
  /** The ordering's state of this M, once looked up (null for NoThread). */
  ms: MState | null | undefined = undefined;

  constructor(m: U64, batches: readonly Batch[], frame: TimeFrame, gen: U64) {
    this.m = m;
    this.batches = batches;
    this.frame = frame;
    this.gen = gen;
    this.zero = frame.zeroOffset;
    this.lastTs = this.zero;
  }

  /**
   * Reads the next event; `perTick` is the generation's nanoseconds per tick.
   * Returns false when the M has no more events in the generation.
   */
  next(perTick: number): boolean {
    const data = this.data;
    const p = this.pos;
    const lastTs = this.lastTs;
    // Near the end of a batch, and when lastTs must be (re)initialised, nextOne does it all.
    if (p + MAX_FAST_EVENT > data.length || lastTs === this.zero) return this.nextOne(perTick);
    const typ = data[p]!;
    const nargs = ARGS_OF_TYPE[typ]!;
    if (nargs < 0) return this.nextOne(perTick);
    let q = p + 1;
    let r = varint4(data, q);
    // A varint longer than four bytes (r < 0) leaves everything to nextOne;
    // the check waits until all are read (reads stay in bounds, see MAX_FAST_EVENT).
    let bad = r;
    const dt = r >>> 2;
    q += (r & 3) + 1;
    let v0 = 0;
    let v1 = 0;
    let v2 = 0;
    let v3 = 0;
    if (nargs > 0) {
      r = varint4(data, q);
      bad |= r;
      v0 = r >>> 2;
      q += (r & 3) + 1;
      if (nargs > 1) {
        r = varint4(data, q);
        bad |= r;
        v1 = r >>> 2;
        q += (r & 3) + 1;
        if (nargs > 2) {
          r = varint4(data, q);
          bad |= r;
          v2 = r >>> 2;
          q += (r & 3) + 1;
          if (nargs > 3) {
            r = varint4(data, q);
            bad |= r;
            v3 = r >>> 2;
            q += (r & 3) + 1;
          }
        }
      }
    }
    if (bad < 0) return this.nextOne(perTick);
    // convTicks and the int64 addition, when no quirk applies (else nextOne).
    const ns = Math.trunc(dt * perTick);
    if (!(ns < TWO63 && ns >= INT64_MIN)) return this.nextOne(perTick);
    const t = ns + lastTs;
    if (t > MAX_SAFE || t < -MAX_SAFE) return this.nextOne(perTick);
    this.typ = typ;
    this.time = t;
    this.lastTs = t;
    this.offset = this.dataOffset + p;
    this.pos = q;
    // Only the event's own slots change; the others keep their old values.
    if (nargs > 0) {
      this.a0 = v0;
      if (nargs > 1) {
        this.a1 = v1;
        if (nargs > 2) {
          this.a2 = v2;
          if (nargs > 3) this.a3 = v3;
        }
      }
    }
    return true;
  }

  /** Reads the next event on its own: any event, with Go's errors and quirks. */
  private nextOne(perTick: number): boolean {
    let data = this.data;
    let p = this.pos;
    if (p === data.length) {
      if (!this.nextBatch()) return false;
      data = this.data;
      p = 0;
    }
    // Go (re)initialises lastTs from the batch whenever it is 0, even when
    // an event's time came out as exactly 0.
    if (this.lastTs === this.zero) this.lastTs = this.frame.offsetOf(convTicks(this.batchTime, perTick));
    const end = data.length;
    const start = p;
    const typ = data[p++]!;
    const nargs = ARGS_OF_TYPE[typ]!;
    if (nargs < 0) this.badType(typ, start);

    // dt, then the arguments, each straight to its slot.
    let dt = 0;
    this.pos = p;
    for (let k = 0; k <= nargs; k++) {
      const v = this.varint(data, end, start, k === 0);
      if (k === 0) dt = v as number;
      else if (k === 1) this.a0 = v;
      else if (k === 2) this.a1 = v;
      else if (k === 3) this.a2 = v;
      else this.a3 = v;
    }
    p = this.pos;
    this.typ = typ;
    // convTicks inline: truncation, and amd64's -2^63 for anything out of int64 range.
    let ns = Math.trunc(dt * perTick);
    if (!(ns < TWO63 && ns >= INT64_MIN)) ns = INT64_MIN;
    let t = ns + this.lastTs;
    // Go's int64 addition wraps; only pathological clocks get here.
    if (t > MAX_SAFE || t < -MAX_SAFE) t = this.frame.wrap(t);
    this.time = t;
    this.lastTs = t;
    this.offset = this.dataOffset + start;
    this.pos = p;
    return true;
  }

  /** Moves to the next batch with data (Go skips empty ones); false after the last. */
  private nextBatch(): boolean {
    const batches = this.batches;
    let i = this.idx + 1;
    while (i < batches.length && batches[i]!.data.length === 0) i++;
    this.idx = i;
    if (i >= batches.length) {
      this.data = EMPTY;
      this.pos = 0;
      return false;
    }
    const batch = batches[i]!;
    this.data = batch.data;
    this.dataOffset = batch.dataOffset;
    this.pos = 0;
    this.batchTime = batch.time;
    this.lastTs = this.zero;
    return true;
  }

  /** The uvarint at `pos`, which moves past it; dt (`asNum`) as a float64, others as U64. */
  private varint(data: Uint8Array, end: number, start: number, asNum: boolean): U64 {
    const q = uvarintAt(data, this.pos, end);
    if (q < 0) {
      const message = asNum ? "found invalid uvarint for timestamp" : "found invalid uvarint";
      throw traceError("E_VARINT", message, { gen: this.gen, m: this.m, offset: this.dataOffset + start });
    }
    this.pos = q;
    return asNum ? vNum : vU64;
  }

  private badType(typ: number, at: number): never {
    const message =
      ARGS_OF_TYPE[typ] === BAD_TYPE
        ? `found invalid event type: ${typ}`
        : `found event without a timestamp: type=${typ}`;
    throw traceError("E_EVENT_TYPE", message, { gen: this.gen, m: this.m, offset: this.dataOffset + at });
  }
}
