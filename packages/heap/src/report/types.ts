// The heap report: the stable, documented JSON document `gotrace heap --json`
// prints and every other output (summary, pprof, HTML) is rendered from.
// Field names and meanings only ever grow; `schema` changes when one would
// have to change meaning. All times are nanoseconds on the trace clock (the
// same numbers `gotrace events` prints as Time=); all sizes are bytes.

/** Live (or allocated) objects and bytes of one type. */
export interface TypeBytes {
  /** The type's name as the runtime prints it (`*main.node`, `[]uint8`), or a placeholder in angle brackets. */
  type: string;
  objects: number;
  bytes: number;
}

/** One sample of the heap model. */
export interface TimelinePoint {
  timeNs: number;
  /** Objects and bytes (size-class slot sizes) the trace says are allocated and not yet freed. */
  liveObjects: number;
  liveBytes: number;
  /** Bytes of in-use heap spans (pages × page size), the memory the live objects sit in. */
  heapSpanBytes: number;
  /** Bytes of goroutine stacks in use. */
  stackBytes: number;
  /** The runtime's own /memory/classes/heap/objects:bytes (HeapAlloc event) last seen before this point, or null. */
  heapAlloc: number | null;
  /** The runtime's /gc/heap/goal:bytes (HeapGoal event) last seen before this point, or null. */
  heapGoal: number | null;
  /** GC cycles completed so far in the trace. */
  gcCycles: number;
  /** Live bytes of the report's top types (names as in `topTypes`); types not listed have 0. */
  byType: Record<string, number>;
  /** Size classes with spans or live objects at this point: live objects and bytes in them, and their in-use spans; their live columns add up to `liveObjects` and `liveBytes`. */
  bySizeClass: TimelineSizeClass[];
}

/** One size class at one timeline point: live objects and bytes in its slots, and its in-use spans (bytes are slot bytes). */
/** One size class at a timeline point; `sizeClass` -1 holds the objects in spans the trace never showed (no spans). */
export interface TimelineSizeClass {
  sizeClass: number;
  noscan: boolean;
  liveObjects: number;
  liveBytes: number;
  spans: number;
  spanBytes: number;
}

/** One GC cycle: its mark phase (times in ns on the trace clock), the live bytes around it, and what its sweep freed. */
export interface GcCycle {
  /** The runtime's GC sequence number from the GCBegin event. */
  seq: number;
  beginNs: number;
  /** End of the mark phase; null when the trace ends first. */
  endNs: number | null;
  /** Model's live bytes when the mark phase began and ended. */
  liveBytesAtBegin: number;
  liveBytesAtEnd: number | null;
  /** HeapAlloc the runtime reported at the end of the mark phase (the bytes it marked), or null. */
  heapAllocAtEnd: number | null;
  /** Objects and bytes the sweep after this cycle freed (HeapObjectFree events until the next cycle began). */
  sweptObjects: number;
  sweptBytes: number;
  /** When the sweep freed its last object (the sweep's effective end), or null when it freed none. */
  sweepEndNs: number | null;
  /** Model's live bytes at the end of the mark phase minus what its sweep freed: what the GC found live. */
  survivingBytes: number | null;
}

/** Occupancy of one size class at the end of the trace: its spans, their slots, and the live objects in them. */
export interface SizeClassRow {
  /**
   * Size class (0 = large objects, each in its own span; -1 = objects in spans the trace never
   * showed, as in flight-recorder windows, whose bytes are estimated from their type's size).
   */
  sizeClass: number;
  /** Slot size in bytes (0 for class 0). */
  objectSize: number;
  /** Pointer-free spans (noscan) or not. */
  noscan: boolean;
  spans: number;
  /** Bytes of the spans (pages × page size). */
  spanBytes: number;
  /** Slots the spans have room for. */
  slots: number;
  liveObjects: number;
  liveBytes: number;
}

/** In-use spans of one kind at the end of the trace: count, pages and bytes. */
export interface SpanKindRow {
  /** "heap" for in-use heap spans, "other" for manual spans (stacks and runtime structures). */
  kind: "heap" | "other";
  spans: number;
  pages: number;
  bytes: number;
}

/**
 * The key of the allocation rows (by type, goroutine group, task and region)
 * for the objects live at the end that were already live when the trace
 * began (the start-of-trace heap snapshot): no goroutine, task or region of
 * the trace allocated them. Its `objects`, `bytes` and `bytesPerSecond` are 0.
 */
export const BEFORE_TRACE_KEY = "<before the trace>";

/**
 * Allocation totals over the whole trace for one key (type, goroutine group,
 * task or region). Each table's live columns add up to `liveAtEnd`'s
 * objects and bytes: every object live at the end is in exactly one row,
 * those from before the trace in the `<before the trace>` row
 * ({@link BEFORE_TRACE_KEY}), listed last.
 */
export interface AllocRow {
  key: string;
  objects: number;
  bytes: number;
  /** Bytes per second of trace time. */
  bytesPerSecond: number;
  /** Of those allocated in the trace, still live at the end (for `<before the trace>`: every object live at the end that was live before the trace began). */
  liveObjects: number;
  liveBytes: number;
}

/** How long objects of one type lived: quantiles over those freed in the trace (ns), and GC cycles survived. */
export interface LifetimeRow {
  type: string;
  /** Objects of the type that were allocated and freed inside the trace. */
  freed: number;
  /** Lifetime quantiles in ns over those objects. */
  p50Ns: number;
  p90Ns: number;
  p99Ns: number;
  maxNs: number;
  /** Mean number of GC cycles a freed object survived. */
  meanCyclesSurvived: number;
  /** Objects still live at the end, and how many GC cycles the oldest of them survived. */
  liveAtEnd: number;
  maxCyclesSurvivedLive: number;
}

/** The lifetimes of all freed objects as one log-scale histogram, with the objects still live at the end. */
export interface LifetimeHistogram {
  /** Upper bounds of the buckets in ns (powers of 4 from 1 µs); the last bucket is open. */
  bucketUpperNs: number[];
  /** Freed objects per bucket. */
  counts: number[];
  /** Objects still live at the end (their lifetime is at least the time since allocation). */
  liveAtEnd: number;
}

/**
 * A type whose bytes found live by the GC grew across the GC cycles of the
 * trace. For each cycle whose sweep the trace shows finishing (or that the
 * trace ends in), the type's survivors are its objects live when the mark
 * phase ended that the sweep did not free (`survivingBytes`). A type is a
 * suspect when, over those cycles (at most 200 of them, evenly spaced, for
 * the two statistics marked so):
 *
 * - there are at least 3 cycles and the type is live at the end;
 * - its survivor bytes grew by at least 1 KiB from the first cycle to the last (`growthBytes`),
 *   rising from one cycle to the next at least twice (growth that happened once is not a trend);
 * - the median of the later half of the cycles is at least 1.25 times the
 *   earlier half's (`halfRatio`; with an odd count the middle cycle is in
 *   neither): growth that happened once, at startup, and stopped (a cache
 *   that filled, a table built once) fails this;
 * - Kendall's tau of the bytes against the cycle (`trend`, sampled) is at
 *   least 0.5: they rise consistently, so a series that goes up and down
 *   (a pool, churn, a bounded cache) fails this, while a flat cycle or two at
 *   the end (forced GCs before exit) or a spike does not;
 * - the Theil–Sen slope (`slopeBytesPerCycle`, sampled) is positive.
 *
 * Suspects are ranked by `growthBytes`, largest first; at most 20 are listed.
 */
export interface LeakSuspect {
  type: string;
  /** Live objects of the type when each GC cycle began (the previous cycle's sweep done), oldest first. */
  liveAfterGc: number[];
  /** GC cycles in a row, up to the last, across which `liveAfterGc` grew (the rule no longer uses it). */
  growingCycles: number;
  liveObjectsAtEnd: number;
  liveBytesAtEnd: number;
  /** Live-at-end objects by allocating goroutine group, largest first. */
  byGoroutineGroup: TypeBytes[];
  /** The GC cycles (their `seq`) the survivor series below are for, oldest first. */
  gcSeqs: number[];
  /** Objects of the type each of those cycles found live (live at its mark's end, not freed by its sweep). */
  survivingObjects: number[];
  /** Their bytes: the series the rule looks at. */
  survivingBytes: number[];
  /** Survivor bytes of the last cycle minus the first's: what suspects are ranked by. */
  growthBytes: number;
  /** The same for objects (may be 0 while bytes grow: a map's bucket arrays, a growing slice). */
  growthObjects: number;
  /** Survivor bytes of the last cycle over the first's; null when the first cycle found none. */
  growthRatio: number | null;
  /** Median survivor bytes of the later half of the cycles over the earlier half's; null when the earlier half's is 0. */
  halfRatio: number | null;
  /** Kendall's tau of the survivor bytes against the cycle, from -1 (always falling) to 1 (always rising). */
  trend: number;
  /** Theil–Sen slope of the survivor bytes: the median growth per GC cycle, in bytes. */
  slopeBytesPerCycle: number;
}

/** Heap and manual spans allocated and freed during the trace (counts, and bytes of their pages). */
export interface SpanChurn {
  allocated: number;
  freed: number;
  allocatedBytes: number;
  freedBytes: number;
  /** Per size class (heap spans) and for non-heap spans (`sizeClass` -1). */
  bySizeClass: { sizeClass: number; noscan: boolean; allocated: number; freed: number }[];
}

/** Goroutine stacks allocated and freed during the trace, live at the end and at their peak (bytes). */
export interface StackGrowth {
  /** Goroutine stacks allocated and freed in the trace (a stack that grows is copied to a new, larger stack). */
  allocated: number;
  freed: number;
  liveAtEnd: number;
  liveBytesAtEnd: number;
  peakBytes: number;
  /** Stacks allocated, by size in bytes. */
  allocatedBySize: { bytes: number; count: number }[];
  largestBytes: number;
}

/** Live objects and bytes per type at two moments (ns after the trace's first event), as `--diff FROM:TO` asks. */
export interface HeapDiff {
  fromNs: number;
  toNs: number;
  /** Per type: live at `toNs` minus live at `fromNs`; largest growth first. */
  byType: { type: string; objectsFrom: number; bytesFrom: number; objectsTo: number; bytesTo: number }[];
}

/**
 * The heap analysis as one JSON document (`gotrace heap --json`, schema
 * `gotrace.heap/v1`; fields are only ever added under that name). Times are
 * nanoseconds on the trace clock, sizes are bytes (slot bytes for objects).
 */
export interface HeapReport {
  /** Identifies this document's layout. */
  schema: "gotrace.heap/v1";
  trace: {
    /** Trace format version from the header (22 = Go 1.22, 23 = Go 1.23/1.24, 25 = Go 1.25, 26 = Go 1.26/1.27). */
    version: number;
    startNs: number;
    endNs: number;
    /** Generations read, as `gotrace validate` counts them; in a broken trace, the last one is cut short. */
    generations: number;
    events: number;
    /** Alloc/free events seen; 0 means the trace was not recorded with GODEBUG=traceallocfree=1. */
    allocFreeEvents: number;
  };
  /** The experiment's info batch; null when the trace lacks it (flight-recorder windows). */
  info: { minPageHeapAddr: string; pageSize: number; minHeapAlign: number; fixedStack: number } | null;
  /** Which size-class table was used ("go1.25" etc.). */
  sizeClassTable: string;
  /**
   * Plain sentences on what this trace cannot tell (missing snapshot, unknown types, …), and on
   * what the runtime that wrote it never records: allocations into a tiny block in use (a
   * format-23 trace with tiny objects and none inside another's block, as Go 1.23 writes), and
   * allocations on the system stack charged to the running goroutine (when the trace has new
   * goroutines' descriptors, `runtime.g`). Empty when there is nothing to say.
   */
  limits: string[];
  /** Types named by the timeline's byType, largest at the end or at the peak first. */
  topTypes: string[];
  liveAtEnd: {
    timeNs: number;
    objects: number;
    bytes: number;
    byType: TypeBytes[];
    bySizeClass: SizeClassRow[];
    spans: SpanKindRow[];
    stacks: { count: number; bytes: number };
    /** Bytes of in-use heap spans not taken by live objects, and that as a fraction of the span bytes. */
    fragmentationBytes: number;
    fragmentation: number;
  };
  /** The moment of the most live bytes. */
  peak: { timeNs: number; objects: number; bytes: number; byType: TypeBytes[] };
  timeline: TimelinePoint[];
  gcCycles: GcCycle[];
  allocation: {
    objects: number;
    bytes: number;
    byType: AllocRow[];
    byGoroutineGroup: AllocRow[];
    byTask: AllocRow[];
    byRegion: AllocRow[];
  };
  lifetimes: { byType: LifetimeRow[]; histogram: LifetimeHistogram };
  leakSuspects: LeakSuspect[];
  spanChurn: SpanChurn;
  stackGrowth: StackGrowth;
  /** Present when a diff was asked for. */
  diff: HeapDiff | null;
  /** Where the model's live bytes and the runtime's HeapAlloc differ, and why. */
  heapAllocNotes: string[];
}
