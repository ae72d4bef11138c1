// The one-call entry point: a trace in, its summaries out, read one
// generation at a time through the reader and summarised as it goes.
import { groupGoroutines } from "./groups.js";
import { type MMUAnalysis, finishMMU } from "./mmu-trace.js";
import { readEvents } from "./read-source.js";
import { GoroutineSummarizer } from "./summarizer.js";
import type { TraceSummary } from "./types.js";
import { type RegionTypeStats, type TaskTypeStats, regionTypeStats, taskTypeStats } from "./user-stats.js";
import type { GoroutineGroup } from "./groups.js";
import { type UtilFlags, UtilizationBuilder } from "./utilization.js";
import type { ReadingPort } from "./worker/messages.js";
import type { serveTraceReading } from "./worker/serve.js";

/** A whole trace: its bytes, a web stream of them, or any async iterable of chunks (a Node stream, say). */
export type TraceSource = Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** How to analyse. */
export interface AnalysisOptions {
  /** Called now and then with the bytes read so far. */
  onProgress?: ((bytesRead: number) => void) | undefined;
  /**
   * Keep what was read when the trace turns out broken (cut short, corrupt): the summaries
   * cover the events before the error, which is returned beside them instead of thrown. This is
   * what Go's cmd/trace does.
   */
  keepPartial?: boolean | undefined;
  /**
   * Read the trace on another thread: a port to a worker that runs {@link serveTraceReading}.
   * The worker reads and orders the trace while this thread analyses it, so the two halves of
   * the work run side by side; the result is the same. Traces older than Go 1.22 are read on
   * this thread all the same.
   */
  readingWorker?: ReadingPort | undefined;
  /**
   * Also build the minimum mutator utilization in the same pass, for these {@link UtilFlags}
   * (`DEFAULT_UTIL_FLAGS` is the /mmu page's default): what {@link analyzeMMU} gives, without a
   * second read of the trace. Left out (the default), `mmu` is null.
   */
  mmuFlags?: UtilFlags | undefined;
}

/** Everything {@link analyzeTrace} computes. */
export interface TraceAnalysis {
  /** Goroutines and tasks, as Go's summarizer gives them. */
  summary: TraceSummary;
  /** Goroutines grouped by start function, with totals. */
  groups: GoroutineGroup[];
  /** Per task type: count, durations of the complete ones. */
  taskTypes: TaskTypeStats[];
  /** Per region type (name and start frame): count and durations. */
  regionTypes: RegionTypeStats[];
  /** With `mmuFlags`: the MMU analysis of the same read (its limits are also in `limits`), else null. */
  mmu: MMUAnalysis | null;
  /** With keepPartial: the error that ended the trace early, else null. */
  error: Error | null;
  /** What the analysis could not cover, as sentences (empty for a whole trace). */
  limits: string[];
}

/**
 * Reads a whole trace and summarises it: goroutines, their groups, tasks and regions. Rejects
 * with the reader's `TraceError` when the trace is broken, unless `keepPartial` is set.
 */
export async function analyzeTrace(source: TraceSource, options: AnalysisOptions = {}): Promise<TraceAnalysis> {
  const summarizer = new GoroutineSummarizer();
  const utilization = options.mmuFlags === undefined ? null : new UtilizationBuilder(options.mmuFlags);
  // One refilled event object: the summarizer and the builder copy what they keep.
  const error = await readEvents(
    source,
    options,
    utilization === null
      ? (ev) => summarizer.event(ev)
      : (ev) => {
          summarizer.event(ev);
          utilization.event(ev);
        },
    {
      kinds: GoroutineSummarizer.QUIET_KINDS.filter(
        (k) => utilization === null || UtilizationBuilder.QUIET_KINDS.includes(k),
      ),
      onFolded: (n) => {
        summarizer.skipped(n);
        utilization?.skipped(n);
      },
    },
  );
  const summary = summarizer.finish();
  const limits: string[] = [];
  if (error !== null) {
    limits.push(
      `The trace is broken (${error.message.split("\n")[0]}); the analysis covers the ${summary.events} events before that point.`,
    );
  }
  const mmu = utilization === null ? null : finishMMU(utilization, error);
  if (mmu !== null) for (const l of mmu.limits) if (!limits.includes(l)) limits.push(l);
  return {
    summary,
    groups: groupGoroutines(summary.goroutines),
    taskTypes: taskTypeStats(summary),
    regionTypes: regionTypeStats(summary),
    mmu,
    error,
    limits,
  };
}
