// @gotrace/heap: heap analysis of Go execution traces recorded with
// GODEBUG=traceallocfree=1. Events in (through @gotrace/reader), answers out:
// a HeapReport document, a text summary, a pprof profile and an HTML report.
export { analyzeHeap } from "./analyze-heap.js";
export { analyzeHeapInWorker } from "./pipeline/main-side.js";
export type { WorkerResult } from "./pipeline/main-side.js";
export { serveHeapAnalysis } from "./pipeline/worker-side.js";
export type { PipelineMessage, WorkerOptions, WorkerPort } from "./pipeline/messages.js";
export type { HeapOptions, HeapResult, TraceSource } from "./analyze-heap.js";
export { encodeHeapProfile, gzipHeapProfile, PROFILE_COMMENT, SAMPLE_TYPES } from "./pprof/index.js";
export type { PprofInput, PprofSample } from "./pprof/index.js";
export { pprofInputOf } from "./pprof/from-analysis.js";
export { HeapAnalyzer } from "./analyzer.js";
export { HeapDigester } from "./digest/digester.js";
export { K as RECORD_KIND, STRIDE as RECORD_STRIDE } from "./digest/records.js";
export type { RecordChunk, SyncData } from "./digest/records.js";
export type { AnalyzerOptions } from "./analyzer.js";
export { buildReport } from "./report/build.js";
export { formatSummary } from "./summary.js";
export { renderHtmlReport } from "./html/index.js";
export type * from "./report.js";
export { SIZE_CLASS_TABLES, sizeClassTableFor } from "./gen/size-classes.gen.js";
export type { SizeClassTable } from "./gen/size-classes.gen.js";
export {
  objectAddress,
  objectIdOf,
  spanAddress,
  spanIdOf,
  stackAddress,
  stackIdOf,
  stackSizeOfOrder,
} from "./model/layout.js";
export type { HeapLayout } from "./model/layout.js";
