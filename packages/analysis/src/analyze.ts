// The one-call entry point: a trace in, its summaries out, read one
// generation at a time through the reader and summarised as it goes.
import { groupGoroutines } from "./groups.js";
import { readEvents } from "./read-source.js";
import { GoroutineSummarizer } from "./summarizer.js";
import type { TraceSummary } from "./types.js";
import { type RegionTypeStats, type TaskTypeStats, regionTypeStats, taskTypeStats } from "./user-stats.js";
import type { GoroutineGroup } from "./groups.js";

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
  const { summarizer, error } = await summarizeSource(source, options);
  const summary = summarizer.finish();
  const limits: string[] = [];
  if (error !== null) {
    limits.push(
      `The trace is broken (${error.message.split("\n")[0]}); the analysis covers the ${summary.events} events before that point.`,
    );
  }
  return {
    summary,
    groups: groupGoroutines(summary.goroutines),
    taskTypes: taskTypeStats(summary),
    regionTypes: regionTypeStats(summary),
    error,
    limits,
  };
}

/** Feeds every event of the source to a summarizer; the error that ended a broken trace with keepPartial. */
async function summarizeSource(
  source: TraceSource,
  options: AnalysisOptions,
): Promise<{ summarizer: GoroutineSummarizer; error: Error | null }> {
  const summarizer = new GoroutineSummarizer();
  // One refilled event object: the summarizer copies what it keeps.
  const error = await readEvents(source, options, (ev) => summarizer.event(ev));
  return { summarizer, error };
}
