// What the reading side and the analysing worker say to each other. Any
// message channel will do (a Web Worker, Node's worker_threads, a
// MessageChannel): both ends see it as a WorkerPort.
import type { RecordChunk } from "../digest/records.js";
import type { PprofInput } from "../pprof/profile.js";
import type { ReportParts } from "../report/build.js";

export interface WorkerPort {
  post(message: PipelineMessage, transfer?: ArrayBuffer[]): void;
  onMessage(handler: (message: PipelineMessage) => void): void;
}

/** Options the worker needs (no functions: they must cross the channel). */
export interface WorkerOptions {
  diff?: { fromNs: number; toNs: number } | undefined;
  timelinePoints?: number | undefined;
  topTypes?: number | undefined;
  /** Also make the pprof profile's input. */
  pprof?: boolean | undefined;
}

export type PipelineMessage =
  | { t: "start"; version: number; options: WorkerOptions }
  | { t: "chunk"; chunk: RecordChunk }
  | { t: "end"; error: string | null }
  /** A chunk's buffer, applied and handed back for reuse. */
  | { t: "free"; data: Float64Array }
  /** The report, its timeline packed (see joinReport); applySeconds: the worker's time spent applying records (for benchmarks). */
  | { t: "result"; parts: ReportParts; pprof: PprofInput | null; applySeconds: number }
  | { t: "fail"; message: string };
