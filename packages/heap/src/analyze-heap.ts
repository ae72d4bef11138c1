// The one-call entry point: a trace in, a HeapReport out, streamed one
// generation at a time through the reader, the digester and the analyzer,
// all on the calling thread. (analyzeHeapInWorker splits the work in two.)
import { type AnalyzerOptions, HeapAnalyzer } from "./model/heap-model.js";
import { sizeClassTableFor } from "./model/size-classes.js";
import type { WorkerOptions } from "./pipeline/messages.js";
import { pump, type TraceSource } from "./pipeline/pump.js";
import { pprofInputOf } from "./pprof/from-analysis.js";
import type { PprofInput } from "./pprof/profile.js";
import type { HeapReport } from "./report/types.js";
import { buildReportParts, joinReport, type ReportParts } from "./report/build.js";

export type { TraceSource };

/** How to analyse: what the report covers beyond the defaults, progress, broken traces. */
export interface HeapOptions {
  /** Two moments to compare live objects per type at (the report's `diff`), in ns after the trace's first event. */
  diff?: { fromNs: number; toNs: number } | undefined;
  /** Roughly how many timeline points to keep (default 600). */
  timelinePoints?: number | undefined;
  /** How many types the timeline follows (default 8). */
  topTypes?: number | undefined;
  /** Called now and then with the bytes read so far. */
  onProgress?: ((bytesRead: number) => void) | undefined;
  /**
   * Keep what was read when the trace turns out broken (cut short, corrupt):
   * the analysis covers the events before the error, which is returned
   * beside the report instead of thrown.
   */
  keepPartial?: boolean | undefined;
  /**
   * Called with a sentence for each damaged part of the trace the analysis
   * leaves out and goes on without (an AllocFree type table or info batch
   * that does not decode, say), as it is met. The report's `limits` name
   * them too.
   */
  onWarning?: ((message: string) => void) | undefined;
}

/** What {@link analyzeHeap} and {@link analyzeHeapInWorker} both return. */
export interface HeapResult {
  /** The analysis as one JSON-ready document (`gotrace heap --json`). */
  report: HeapReport;
  /**
   * The same analysis as a heap profile's samples: pass it to
   * {@link gzipHeapProfile} (a file `go tool pprof` opens) or {@link encodeHeapProfile}.
   */
  pprof: PprofInput;
  /** With keepPartial: the error that ended the trace early, else null. */
  error: Error | null;
}

/**
 * Analyses a whole trace on the calling thread (see {@link analyzeHeapInWorker}
 * to put half of the work on a worker). Reads the source one generation at a
 * time. Rejects with the reader's `TraceError` when the trace is broken,
 * unless `keepPartial` is set.
 */
export async function analyzeHeap(source: TraceSource, options: HeapOptions = {}): Promise<HeapResult> {
  const { analyzer, version, error } = await analyzeOnThisThread(source, options);
  return { report: finishReport(analyzer, version, options, error), pprof: pprofInputOf(analyzer), error };
}

/** analyzeHeap without the report: the analyzer itself, for this package's tests (not exported from the package). */
export async function analyzeOnThisThread(
  source: TraceSource,
  options: HeapOptions = {},
): Promise<{ analyzer: HeapAnalyzer; version: number; error: Error | null }> {
  let analyzer: HeapAnalyzer | undefined;
  const { version, error } = await pump(
    source,
    (chunk, v) => {
      analyzer ??= new HeapAnalyzer(analyzerOptions(v, options));
      analyzer.apply(chunk);
      return true;
    },
    options,
  );
  return { analyzer: analyzer ?? new HeapAnalyzer(analyzerOptions(version, options)), version, error };
}

/** The analyzer's options for a trace of this format version. */
export function analyzerOptions(version: number, o: WorkerOptions): AnalyzerOptions {
  return { sizeClasses: sizeClassTableFor(version), diff: o.diff, timelinePoints: o.timelinePoints };
}

/** Ends the analysis and builds its report, saying so when the trace broke early. */
export function finishReport(
  a: HeapAnalyzer,
  version: number,
  o: WorkerOptions,
  error: { message: string } | null,
): HeapReport {
  return joinReport(finishReportParts(a, version, o, error));
}

/** finishReport with the timeline still packed, to cross to another thread (see joinReport). */
export function finishReportParts(
  a: HeapAnalyzer,
  version: number,
  o: WorkerOptions,
  error: { message: string } | null,
): ReportParts {
  a.finish();
  const parts = buildReportParts(a, { version, topTypeCount: o.topTypes, broken: error !== null });
  if (error !== null) {
    parts.report.limits.unshift(
      `The trace is broken (${error.message.split("\n")[0]}); the analysis covers the ${a.events} events before that point.`,
    );
  }
  return parts;
}
