// The heap analysis's input: what it needs of each event, as flat records in
// a Float64Array. The digester (on the thread that reads the trace) makes
// them; the analyzer (on the same thread, or a worker) applies them. Strings
// and the experiment's batches travel beside the records, by index.

/**
 * Float64s per record: kind, time (ns), three arguments, goroutine. The
 * layout is the reader's record protocol (scanRecords writes it), so the
 * stride is the reader's own constant, under the name the analysis uses.
 */
export { RECORD_STRIDE as STRIDE } from "@gotrace/reader/internal";

/** Record kinds. Arguments are named in the comment; unnamed ones are 0. */
export const K = Object.freeze({
  /** Generation start. a0: index into chunk.syncs. */
  Sync: 1,
  /** a0 span id, a1 pages, a2 kindclass. */
  Span: 2,
  SpanAlloc: 3,
  /** a0 span id. */
  SpanFree: 4,
  /** a0 object id, a1 type id (per generation); g: allocating goroutine. */
  HeapObject: 5,
  HeapObjectAlloc: 6,
  /** a0 object id. */
  HeapObjectFree: 7,
  /** a0 stack id, a1 order. */
  GoroutineStack: 8,
  GoroutineStackAlloc: 9,
  /** a0 stack id. */
  GoroutineStackFree: 10,
  /** a0 GC sequence number. */
  GcBegin: 11,
  GcEnd: 12,
  /** a0 string id of the stop-the-world kind. */
  StwBegin: 13,
  StwEnd: 14,
  /** a0 value. */
  HeapAlloc: 15,
  HeapGoal: 16,
  /** a0 task id, a1 string id of its type. */
  TaskBegin: 17,
  /** a0 task id, a1 string id of the region's type; g: its goroutine. */
  RegionBegin: 18,
  /** g: the region's goroutine. */
  RegionEnd: 19,
  /** a0 string id of goroutine g's start function. */
  GoroutineName: 20,
});

/** What the analyzer keeps of a generation's Sync event. */
export interface SyncData {
  /** Data of the generation's AllocFree experimental batches (batch-type byte first) that decode. */
  allocFree: Uint8Array[];
  /** A sentence for each of its AllocFree batches that was left out as damaged. */
  skipped: string[];
  /** Unix wall time in ns of trace time `traceNs`, from the clock snapshot (Go 1.25+), else null. */
  wallNs: bigint | null;
  traceNs: number;
}

export interface RecordChunk {
  data: Float64Array;
  /** Records in data. */
  count: number;
  /** Strings interned since the previous chunk; their ids continue from there. */
  strings: string[];
  syncs: SyncData[];
  /** Events of the trace read so far (all kinds, including those without a record). */
  events: number;
  /** Times of the trace's first event and of the latest one read (NaN before any). */
  firstNs: number;
  lastNs: number;
}
