/**
 * `@gotrace/reader/internal`: the record protocol between the reader and
 * `@gotrace/heap` (events written by the million into the consumer's own
 * Float64Array instead of an Event object each), event batches that carry a
 * reader's events to another thread (`@gotrace/analysis` reads on a worker), `bytesHeldFrom` for the
 * CLI's reuse of read buffers, and `readTransition` and `readRange` for
 * `@gotrace/analysis` (a state transition or a range into the caller's object). Internal: no semver
 * guarantee, for `@gotrace` packages only; any release may change or remove it.
 *
 * @module
 */
import type { TraceReader } from "./reader.js";
import type { RecordSink } from "./scan.js";

export { RECORD_STOP, RECORD_STRIDE } from "./scan.js";
export { EVENT_RECORD_STRIDE, EventBatchReader, EventBatchWriter } from "./remote/event-batches.js";
export type { BatchTable, EventBatch } from "./remote/event-batches.js";
export { readRange, readTransition } from "./event/event.js";
export type { RangeView, TransitionParts } from "./event/event.js";
export type { RecordSink } from "./scan.js";

/**
 * Passes events as `reader.next()` would, writing the ones `kinds` asks for
 * into `sink` as records (see TraceReader's scanRecords, which this calls).
 */
export function scanRecords(reader: TraceReader, sink: RecordSink, kinds: Uint8Array): void {
  reader.scanRecords(sink, kinds);
}

/**
 * The input offset before which `reader` reads no byte again (see
 * TraceReader's heldFrom): a caller that holds none of its Event objects may
 * reuse a pushed chunk that ends at or before it.
 */
export function bytesHeldFrom(reader: TraceReader): number {
  return reader.heldFrom;
}
