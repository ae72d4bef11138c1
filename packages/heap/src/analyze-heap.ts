// The one-call entry point: a trace in, a HeapReport out, streamed one
// generation at a time through the reader, the digester and the analyzer,
// all on the calling thread. (analyzeHeapInWorker splits the work in two.)
import { type AnalyzerOptions, HeapAnalyzer } from "./analyzer.js";
import { sizeClassTableFor } from "./model/size-classes.js";
import { pump, type TraceSource } from "./pipeline/pump.js";
import type { HeapReport } from "./report.js";
import { buildReportParts, joinReport, type ReportParts } from "./report/build.js";

export type { TraceSource };

export interface HeapOptions {
  /** Snapshots for a diff, in ns after the trace's first event. */
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
}

export interface HeapResult {
  report: HeapReport;
  analyzer: HeapAnalyzer;
  /** With keepPartial: the error that ended the trace early, else null. */
  error: Error | null;
}

/** Analyses a whole trace. The analyzer is returned too, for pprof and further questions. */
export async function analyzeHeap(source: TraceSource, options: HeapOptions = {}): Promise<HeapResult> {
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
  const a = analyzer ?? new HeapAnalyzer(analyzerOptions(version, options));
  return { report: finishReport(a, version, options, error), analyzer: a, error };
}

export function analyzerOptions(version: number, o: HeapOptions): AnalyzerOptions {
  return { sizeClasses: sizeClassTableFor(version), diff: o.diff, timelinePoints: o.timelinePoints };
}

/** Ends the analysis and builds its report, saying so when the trace broke early. */
export function finishReport(
  a: HeapAnalyzer,
  version: number,
  o: HeapOptions,
  error: { message: string } | null,
): HeapReport {
  return joinReport(finishReportParts(a, version, o, error));
}

/** finishReport with the timeline still packed, to cross to another thread (see joinReport). */
export function finishReportParts(
  a: HeapAnalyzer,
  version: number,
  o: HeapOptions,
  error: { message: string } | null,
): ReportParts {
  a.finish();
  const parts = buildReportParts(a, { version, topTypeCount: o.topTypes });
  if (error !== null) {
    parts.report.limits.unshift(
      `The trace is broken (${error.message.split("\n")[0]}); the analysis covers the ${a.events} events before that point.`,
    );
  }
  return parts;
}
