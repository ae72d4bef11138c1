// @gotrace/heap: heap analysis of Go execution traces recorded with
// GODEBUG=traceallocfree=1. Events in (through @gotrace/reader), answers out:
// a HeapReport document, a text summary, a pprof profile and an HTML report.
// The analyzer, the digester and the records between them are not API: both
// entry points return the same HeapResult, which has all of their answers.
export { analyzeHeap } from "./analyze-heap.js";
export type { HeapOptions, HeapResult, TraceSource } from "./analyze-heap.js";
export { analyzeHeapInWorker } from "./pipeline/main-side.js";
export type { HeapWorkerOptions } from "./pipeline/main-side.js";
export { serveHeapAnalysis } from "./pipeline/worker-side.js";
export type { HeapWorkerMessage, WorkerPort } from "./pipeline/messages.js";
export { encodeHeapProfile, gzipHeapProfile, PROFILE_COMMENT, SAMPLE_TYPES } from "./pprof/index.js";
export type { PprofInput, PprofSample } from "./pprof/index.js";
export { formatSummary } from "./summary.js";
export { renderHtmlReport } from "./html/index.js";
export type * from "./report/types.js";
export { SIZE_CLASS_TABLES, sizeClassTableFor } from "./gen/size-classes.gen.js";
export type { SizeClassTable } from "./gen/size-classes.gen.js";
export {
  heapLayoutOf,
  objectAddress,
  objectIdOf,
  spanAddress,
  spanIdOf,
  stackAddress,
  stackIdOf,
  stackSizeOfOrder,
} from "./model/layout.js";
export type { HeapLayout } from "./model/layout.js";
