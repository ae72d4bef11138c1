// A cursor over one M's event batches in a generation (Go's batchCursor): it
// holds the M's next undelivered event, decoded in place (no allocation), with
// its time computed Go's way: each tick delta converted to nanoseconds on its
// own and added to the previous event's time.
import type { Batch } from "../batch/batch.js";
import { traceError } from "../errors.js";
import { SPEC_COUNT, SPEC_NARGS, SPEC_TIMED } from "../specs.js";
import { type TimeFrame, convTicks } from "../time.js";
import type { U64 } from "../u64.js";
import type { MState } from "./state.js";
import { uvarintAt, vNum, vU64 } from "./varint.js";

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

export class BatchCursor {
  /** Index of the batch being read. */
  private idx = 0;
  /** Read position in that batch's data. */
  private dataOff = 0;
  /** Time offset of the last event read (TimeFrame.zeroOffset = Go's unset 0). */
  private lastTs: number;
  /** The offset of absolute time 0 (fixed once the trace's time base is chosen). */
  private readonly zero: number;

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

  constructor(
    readonly m: U64,
    private readonly batches: readonly Batch[],
    private readonly frame: TimeFrame,
    private readonly gen: U64,
  ) {
    this.zero = frame.zeroOffset;
    this.lastTs = this.zero;
  }

  /** Reads the next event. Returns false when the M has no more events in the generation. */
  next(freq: number): boolean {
    const batches = this.batches;
    const zero = this.zero;
    // Batches normally hold events, but empty ones are skipped, as Go does.
    while (this.idx < batches.length && batches[this.idx]!.data.length === this.dataOff) {
      this.idx++;
      this.dataOff = 0;
      this.lastTs = zero;
    }
    if (this.idx === batches.length) return false;
    const batch = batches[this.idx]!;
    if (this.lastTs === zero) this.lastTs = this.frame.offsetOf(convTicks(batch.time, freq));
    const data = batch.data;
    const end = data.length;
    const start = this.dataOff;
    const typ = data[start]!;
    if (typ >= SPEC_COUNT) this.fail("E_EVENT_TYPE", `found invalid event type: ${typ}`, batch, start);
    const nargs = SPEC_NARGS[typ]!;
    if (SPEC_TIMED[typ] === 0) this.fail("E_EVENT_TYPE", `found event without a timestamp: type=${typ}`, batch, start);
    let p = uvarintAt(data, start + 1, end);
    if (p < 0) this.fail("E_VARINT", "found invalid uvarint for timestamp", batch, start);
    const dt = vNum;
    // Unrolled: each argument goes straight to its slot.
    if (nargs > 0) {
      p = uvarintAt(data, p, end);
      if (p < 0) this.fail("E_VARINT", "found invalid uvarint", batch, start);
      this.a0 = vU64;
      if (nargs > 1) {
        p = uvarintAt(data, p, end);
        if (p < 0) this.fail("E_VARINT", "found invalid uvarint", batch, start);
        this.a1 = vU64;
        if (nargs > 2) {
          p = uvarintAt(data, p, end);
          if (p < 0) this.fail("E_VARINT", "found invalid uvarint", batch, start);
          this.a2 = vU64;
          if (nargs > 3) {
            p = uvarintAt(data, p, end);
            if (p < 0) this.fail("E_VARINT", "found invalid uvarint", batch, start);
            this.a3 = vU64;
          }
        }
      }
    }
    this.typ = typ;
    let t = convTicks(dt, freq) + this.lastTs;
    // Go's int64 addition wraps; only pathological clocks get here.
    if (t > MAX_SAFE || t < -MAX_SAFE) t = this.frame.wrap(t);
    this.time = t;
    this.lastTs = t;
    this.offset = batch.dataOffset + start;
    this.dataOff = p;
    return true;
  }

  private fail(code: "E_EVENT_TYPE" | "E_VARINT", goMessage: string, batch: Batch, at: number): never {
    throw traceError(code, goMessage, { gen: this.gen, m: this.m, offset: batch.dataOffset + at });
  }
}
