// The MMU of a whole trace in one call: read it a generation at a time,
// build the utilization series as the events go by, and make the curve. A
// broken trace is cut at its last Sync, as Go's cmd/trace cuts it for its
// /mmu page.
import type { TraceSource } from "./analyze.js";
import { MMUCurve } from "./mmu.js";
import { readEvents } from "./read-source.js";
import { type UtilFlags, UtilFlags as Flags, type Utilization, UtilizationBuilder } from "./utilization.js";
import type { ReadingPort } from "./worker/messages.js";

/** The /mmu page's default: STW, background workers and mark assists, system-wide. */
export const DEFAULT_UTIL_FLAGS: UtilFlags = Flags.STW | Flags.Background | Flags.Assist;

/** How {@link analyzeMMU} reads. */
export interface MMUOptions {
  /** What takes the mutator's time ({@link UtilFlags} bits); default {@link DEFAULT_UTIL_FLAGS}. */
  flags?: UtilFlags | undefined;
  /** Called now and then with the bytes read so far. */
  onProgress?: ((bytesRead: number) => void) | undefined;
  /**
   * Keep what was read when the trace turns out broken: the series then cover the events up to
   * the last Sync before the error (as cmd/trace's), which is returned instead of thrown.
   */
  keepPartial?: boolean | undefined;
  /**
   * Read the trace on another thread: a port to a worker that runs `serveTraceReading`.
   * The worker reads and orders the trace while this thread analyses it, so the two halves of
   * the work run side by side; the result is the same. Traces older than Go 1.22 are read on
   * this thread all the same.
   */
  readingWorker?: ReadingPort | undefined;
}

/** What {@link analyzeMMU} gives. */
export interface MMUAnalysis {
  /** The utilization series and the span of the events they cover. */
  utilization: Utilization;
  /** The curve of those series. */
  curve: MMUCurve;
  /** Events read (more than `utilization.events` when the trace broke after its last Sync). */
  eventsRead: number;
  /** With keepPartial: the error that ended the trace early, else null. */
  error: Error | null;
  /** What the analysis could not cover, as sentences (empty for a whole trace). */
  limits: string[];
}

/**
 * Reads a whole trace and builds its mutator utilization and MMU curve (Go's
 * `MutatorUtilizationV2` and `NewMMUCurve`). Rejects with the reader's `TraceError` when the
 * trace is broken, unless `keepPartial` is set.
 */
export async function analyzeMMU(source: TraceSource, options: MMUOptions = {}): Promise<MMUAnalysis> {
  const builder = new UtilizationBuilder(options.flags ?? DEFAULT_UTIL_FLAGS);
  // The builder keeps nothing of the shared event object.
  const error = await readEvents(source, options, (ev) => builder.event(ev), {
    kinds: UtilizationBuilder.QUIET_KINDS,
    onFolded: (n) => builder.skipped(n),
  });
  return finishMMU(builder, error);
}

/** The MMU analysis of what `builder` was fed; `error` ended a broken trace (then cut at its last Sync). */
export function finishMMU(builder: UtilizationBuilder, error: Error | null): MMUAnalysis {
  const eventsRead = builder.events;
  const utilization = builder.finish({ toLastSync: error !== null });
  const limits: string[] = [];
  if (error !== null) {
    limits.push(
      `The trace is broken (${error.message.split("\n")[0]}); the utilization covers the ${utilization.events} events up to the last Sync before that point, of ${eventsRead} read.`,
    );
  }
  if (utilization.events > 0 && utilization.series.length === 0) {
    limits.push(
      "The trace has no GOMAXPROCS metric (/sched/gomaxprocs:threads), so there is no utilization to measure: the MMU reads 1 at every window.",
    );
  }
  return { utilization, curve: new MMUCurve(utilization.series), eventsRead, error, limits };
}

/** The window sizes `gotrace mmu` prints: 1 µs, 10 µs, … 1 s, then the trace's length (when longer than 0). */
export function mmuWindows(durationNs: number): number[] {
  const out = [1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
  if (durationNs > 0) out.push(durationNs);
  return out;
}
