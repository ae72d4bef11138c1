// The shapes the summaries come out in: plain, JSON-ready objects whose
// fields and meanings are those of Go's internal/trace summary types
// (GoroutineSummary, UserTaskSummary, UserRegionSummary, GoroutineExecStats).
// Every time and duration is a number of nanoseconds.

/**
 * What a goroutine (or a goroutine inside a region) spent its time on, in nanoseconds. A
 * `blockTimeByReason` or `rangeTime` whose values are all zero (or that has no keys) may be
 * shared and frozen: a trace can hold millions of stats, most of them with such records. Copy a
 * record before changing it.
 */
export interface ExecStats {
  /** Running on a P. */
  execTime: number;
  /** Runnable, waiting for a P (and, as Go counts it, a syscall still open at the end after its P left). */
  schedWaitTime: number;
  /** Blocked, by the reason the runtime gave for the block ("" when it gave none). */
  blockTimeByReason: Record<string, number>;
  /** In a system call while keeping its P. */
  syscallTime: number;
  /** In a system call after its P was taken away (blocked in the kernel). */
  syscallBlockTime: number;
  /** From the goroutine's first appearance to its end (or the trace's); overlaps the others. */
  totalTime: number;
  /** Time inside runtime ranges (GC mark assist, incremental sweep, stop-the-world), by range name; overlaps the others. */
  rangeTime: Record<string, number>;
  /** totalTime minus every non-overlapping stat above, or 0 when they add up to more (Go's UnknownTime). */
  unknownTime: number;
}

/**
 * An event a summary points at: its time, its kind as Go names it ("RegionBegin", "RegionEnd",
 * "TaskBegin", "TaskEnd", "Log", or "StateTransition" for a region a goroutine inherits when it is
 * created inside one, or that its exit closes), and the goroutine it ran on (-1 for none).
 */
export interface EventRef {
  time: number;
  kind: string;
  goroutine: number;
}

/** A user region (runtime/trace.WithRegion / StartRegion) and its goroutine's stats while it was open. */
export interface RegionSummary {
  /** The region type ("" for one a goroutine inherited at creation). */
  name: string;
  /** Its task: 0 is the background task, -1 none. */
  taskId: number;
  /** Null when the region began before the trace. */
  start: EventRef | null;
  /** Null when the region was still open at the end of the trace. */
  end: EventRef | null;
  /**
   * Its goroutine's stats while it was open. An object of an internal class whose own fields are
   * exactly ExecStats's, in its order (JSON, spreading and structured cloning give the plain
   * object): a class of its own keeps V8 from boxing its numbers.
   */
  stats: ExecStats;
  /**
   * The outermost frame of the stack at the region's start (null when it has none): cmd/trace
   * tells region types apart by name and this frame. Not in Go's summary itself.
   */
  frame: FrameRef | null;
}

/** A stack frame, by function name and PC. */
export interface FrameRef {
  func: string;
  pc: number;
}

/** One goroutine as Go's summarizer sees it. Times are trace times in ns; 0 means "not in the trace". */
export interface GoroutineSummary {
  id: number;
  /** The start function: the outermost frame of the first stack seen for it ("" when none was). */
  name: string;
  /** The PC of that frame (0 when no stack was seen). */
  pc: number;
  /** Its first appearance: its creation, or the start of the generation it was first seen in. */
  creationTime: number;
  /** When it first ran (0: never in the trace). */
  startTime: number;
  /** When it exited or blocked forever (0: it did not). */
  endTime: number;
  /** Go's IsSystemGoroutine(name): an unnamed goroutine or a runtime.* one other than runtime.main. */
  isSystem: boolean;
  stats: ExecStats;
  /** Its regions, by start time, those that began before the trace first (when none, a shared, frozen empty list). */
  regions: RegionSummary[];
}

/** A log message (runtime/trace.Log) attached to a task. */
export interface TaskLog {
  time: number;
  goroutine: number;
  category: string;
  message: string;
}

/**
 * A user task (runtime/trace.NewTask) as Go's summarizer sees it. The summarizer's are objects of
 * an internal class whose own fields are exactly these, in this order (JSON, spreading and
 * structured cloning give the plain object): the task it kept while reading, with no copy made.
 */
export interface TaskSummary {
  /** The task id; 0 is the background task, -1 collects logs and regions of no task. */
  id: number;
  /** The task type ("" when neither its begin nor its end is in the trace). */
  name: string;
  /** The parent task's id, or null when it has none or the trace does not say. */
  parent: number | null;
  /** Child ids, in the order the trace introduced them. */
  children: number[];
  /** Null when the task began before the trace. */
  start: EventRef | null;
  /** Null when the task had not ended by the end of the trace. */
  end: EventRef | null;
  /** Both its begin and its end are in the trace. */
  complete: boolean;
  /** This task's id, then its children's descendents, depth first (Go's Descendents). */
  descendents: number[];
  logs: TaskLog[];
  /** Its regions, in the order their begin (or end, for one without a begin) was read. */
  regions: RegionSummary[];
  /** Ids of the goroutines that began, ended or logged in it or ran its regions, ascending (-1: no goroutine). */
  goroutines: number[];
}

/** The summarizer's result: every goroutine and every task of the trace, each by id. */
export interface TraceSummary {
  /** Ascending by id. */
  goroutines: GoroutineSummary[];
  /** Ascending by id, with -1 (no task) last. */
  tasks: TaskSummary[];
  /** The time of the first event summarised (0 when there was none). */
  startTime: number;
  /** The time of the last event summarised (0 when there was none). */
  endTime: number;
  /** Events summarised. */
  events: number;
}
