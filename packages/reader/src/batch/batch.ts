// A batch as the reader keeps it: its header and a view of its data.
import { EV } from "@gotrace/codec";
import type { U64 } from "../u64.js";

/** One batch of a generation (Go's `batch`, plus where it is in the file). */
export interface Batch {
  /** Generation number from the header (canonical U64; 0 for an EndOfGeneration marker). */
  readonly gen: U64;
  /** M that wrote the batch (canonical U64; -1 = NoThread). */
  readonly m: U64;
  /** Base timestamp in ticks, rounded to float64 as Go's uint64 → float64 conversion does. */
  readonly time: number;
  /** The exact base timestamp (needed only for the clock snapshot's uint64 sum). */
  readonly timeExact: bigint;
  /** Experiment id (0 for an EventBatch). */
  readonly exp: number;
  /** The data bytes (a view). */
  readonly data: Uint8Array;
  /** File offset of the batch header's first byte. */
  readonly offset: number;
  /** File offset of data[0]. */
  readonly dataOffset: number;
}

function startsWith(b: Batch, type: number): boolean {
  return b.exp === 0 && b.data.length > 0 && b.data[0] === type;
}

/** Go's isStringsBatch. */
export const isStringsBatch = (b: Batch): boolean => startsWith(b, EV.Strings);
/** Go's isStacksBatch. */
export const isStacksBatch = (b: Batch): boolean => startsWith(b, EV.Stacks);
/** Go's isCPUSamplesBatch. */
export const isCPUSamplesBatch = (b: Batch): boolean => startsWith(b, EV.CPUSamples);
/** Go's isEndOfGeneration: any non-experimental batch whose data starts with 52. */
export const isEndOfGeneration = (b: Batch): boolean => startsWith(b, EV.EndOfGeneration);

/** Go's isSyncBatch: a Sync batch in the formats the spec gives one (`syncBatch`), else a Frequency batch. */
export function isSyncBatch(b: Batch, syncBatch: boolean): boolean {
  return syncBatch ? startsWith(b, EV.Sync) : startsWith(b, EV.Frequency);
}
