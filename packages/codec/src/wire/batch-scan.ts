// Finding where batches end without decoding their events, so that a trace
// can be cut into runs of whole batches (the CLI's two-thread footprint).
// In the go 1.22+ formats the bytes after the header are a sequence of
// batches: an EventBatch header carries the length of the events after it,
// an ExperimentalBatch is one event with a length-prefixed data trailer, and
// EndOfGeneration is a lone byte. The raw decoder reads the same bytes as a
// flat run of events; where the two readings agree, a decoder resumed at a
// batch boundary reads what one from the start would. A cut found here is a
// guess the caller must check (a run is good when its events end exactly at
// its end); on bytes it cannot read, the scan stops and says so.
import { EV, EVENT_SPECS, LIMITS } from "../gen/events.gen.js";

/** What scanBatches found: where the whole batches end, and what the next one needs. */
export interface BatchScan {
  /** Position after the last whole batch (the scan's start when none fits). */
  end: number;
  /**
   * Bytes from `end` the next batch needs, when it is cut by the end of the
   * bytes: its exact length once its header is read, else a lower bound.
   * 0 when the scan reached the end of the bytes exactly; -1 when the bytes
   * at `end` are not a batch this scan reads (garbage, an event type it does
   * not know, a length beyond Go's maximum batch size).
   */
  next: number;
}

const BATCH_ARGS = EVENT_SPECS[EV.EventBatch]?.args.length ?? 0;
const EXPERIMENTAL_ARGS = EVENT_SPECS[EV.ExperimentalBatch]?.args.length ?? 0;
const END_OF_GENERATION_ARGS = EVENT_SPECS[EV.EndOfGeneration]?.args.length ?? 0;
/** Lengths above this are not Go's; the caller reads such bytes event by event instead. */
const MAX_LENGTH = LIMITS.maxBatchSize;

/**
 * Walks whole batches in `buf` from `start` (a batch boundary) up to `end`
 * and fills `out`: see BatchScan. Reads only batch headers, so it costs a few
 * bytes per batch.
 */
export function scanBatches(buf: Uint8Array, start: number, end: number, out: BatchScan): BatchScan {
  let p = start;
  for (;;) {
    out.end = p;
    if (p >= end) {
      out.next = 0;
      return out;
    }
    const type = buf[p] as number;
    let args: number;
    if (type === EV.EventBatch) args = BATCH_ARGS;
    else if (type === EV.ExperimentalBatch)
      args = EXPERIMENTAL_ARGS + 1; // the data length is read as one more
    else if (type === EV.EndOfGeneration) args = END_OF_GENERATION_ARGS;
    else {
      out.next = -1;
      return out;
    }
    let q = p + 1;
    // The last value read is the batch's length (the events' for EventBatch, the data's for ExperimentalBatch).
    let value = 0;
    for (let i = 0; i < args; i++) {
      value = 0;
      let shift = 0;
      for (let n = 0; ; n++) {
        if (q >= end) {
          out.next = q - p + 1;
          return out;
        }
        const b = buf[q++] as number;
        // Go pads lengths it writes before it knows them (ten bytes, zeros at the top), so only
        // the value counts; one beyond 2^28 is not a length Go writes.
        if (shift < 28) value += (b & 0x7f) * 2 ** shift;
        else if ((b & 0x7f) !== 0) value = MAX_LENGTH + 1;
        shift += 7;
        if (b < 0x80) break;
        if (n === 9) {
          out.next = -1;
          return out;
        }
      }
    }
    if (args > 0 && type !== EV.EndOfGeneration) {
      if (value > MAX_LENGTH) {
        out.next = -1;
        return out;
      }
      q += value;
    }
    if (q > end) {
      out.next = q - p;
      return out;
    }
    p = q;
  }
}
