// Records: the compact form in which TraceReader.scanRecords() hands out the
// events a consumer wants by the million (a heap analysis's alloc/free
// events, say), written straight into the consumer's Float64Array instead of
// through an Event object each.

/** Float64s per record: kind, time (ns), a0, a1, a2, goroutine. */
export const RECORD_STRIDE = 6;

/**
 * In a kinds table: stop before events of this type, so that the next call
 * of next() or nextShared() returns the event itself.
 */
export const RECORD_STOP = 255;

/**
 * Where scanRecords() writes: records go at `data[count * RECORD_STRIDE]`
 * and on, and `count` grows by one with each (it is up to date even when
 * scanRecords throws).
 */
export interface RecordSink {
  data: Float64Array;
  count: number;
}
