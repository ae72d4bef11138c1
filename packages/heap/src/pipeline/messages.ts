// What the reading side and the analysing worker say to each other. Any
// message channel will do (a Web Worker, Node's worker_threads, a
// MessageChannel): both ends see it as a WorkerPort. The messages themselves
// are not API: users' ports carry them as opaque HeapWorkerMessages.
import type { RecordChunk } from "../digest/records.js";
import type { PprofInput } from "../pprof/profile.js";
import type { ReportParts } from "../report/build.js";

/**
 * A message between {@link analyzeHeapInWorker} and {@link serveHeapAnalysis}.
 * Its contents are not part of the API: a {@link WorkerPort} carries it across
 * unchanged (a structured clone, as `postMessage` makes), moving the buffers
 * in `transfer` instead of copying them.
 */
export interface HeapWorkerMessage {
  /** Never present: it only keeps other values from passing for a message. */
  readonly __heapWorkerMessage?: never;
}

/**
 * One end of the channel between {@link analyzeHeapInWorker} (on the thread
 * that reads the trace) and {@link serveHeapAnalysis} (on the worker). Wrap a
 * Web Worker, Node's `worker_threads` Worker or `parentPort`, or a
 * `MessagePort` in these two (or three) functions.
 */
export interface WorkerPort {
  /** Sends a message to the other end, moving the buffers in `transfer` (postMessage's transfer list). */
  post(message: HeapWorkerMessage, transfer?: ArrayBuffer[]): void;
  /** Calls `handler` with every message from the other end, in order. */
  onMessage(handler: (message: HeapWorkerMessage) => void): void;
  /**
   * Optional, on the reading side: calls `handler` when the worker itself
   * fails (it could not load, or crashed), so that analyzeHeapInWorker
   * rejects with that error instead of waiting for a result that never comes.
   */
  onError?(handler: (error: Error) => void): void;
}

/** Options the worker needs (no functions: they must cross the channel). */
export interface WorkerOptions {
  diff?: { fromNs: number; toNs: number } | undefined;
  timelinePoints?: number | undefined;
  topTypes?: number | undefined;
}

/** The messages as the two ends of this package read and write them. */
export type PipelineMessage =
  | { t: "start"; version: number; options: WorkerOptions }
  | { t: "chunk"; chunk: RecordChunk }
  | { t: "end"; error: string | null }
  /** A chunk's buffer, applied and handed back for reuse. */
  | { t: "free"; data: Float64Array }
  /** The report, its timeline packed (see joinReport); applySeconds: the worker's time spent applying records (for benchmarks). */
  | { t: "result"; parts: ReportParts; pprof: PprofInput; applySeconds: number }
  | { t: "fail"; message: string };

/** The port as this package's two ends use it: typed messages, one cast here instead of at every call. */
export interface TypedPort {
  post(message: PipelineMessage, transfer?: ArrayBuffer[]): void;
  onMessage(handler: (message: PipelineMessage) => void): void;
}

/** Views a user's port as a TypedPort (the messages are ours: only this package makes them). */
export function typedPort(port: WorkerPort): TypedPort {
  return {
    post: (message, transfer) => port.post(message as HeapWorkerMessage, transfer),
    onMessage: (handler) => port.onMessage((message) => handler(message as unknown as PipelineMessage)),
  };
}
