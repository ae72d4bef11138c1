// What the thread that analyses and the worker that reads the trace say to
// each other. Any message channel will do (a Web Worker, Node's
// worker_threads, a MessageChannel): both ends see it as a ReadingPort. The
// messages themselves are not API: ports carry them as opaque
// ReadingMessages.
import type { EventKind } from "@gotrace/reader";
import type { EventBatch } from "@gotrace/reader/internal";

/**
 * A message between {@link analyzeTrace} (with `readingWorker`) and {@link serveTraceReading}.
 * Its contents are not part of the API: a {@link ReadingPort} carries it across unchanged (a
 * structured clone, as `postMessage` makes), moving the buffers in `transfer` instead of
 * copying them.
 */
export interface ReadingMessage {
  /** Never present: it only keeps other values from passing for a message. */
  readonly __readingMessage?: never;
}

/**
 * One end of the channel between the analysing thread and the worker that reads the trace for it
 * ({@link serveTraceReading}). Wrap a Web Worker, Node's `worker_threads` Worker or `parentPort`,
 * or a `MessagePort` in these two (or three) functions.
 */
export interface ReadingPort {
  /** Sends a message to the other end, moving the buffers in `transfer` (postMessage's transfer list). */
  post(message: ReadingMessage, transfer?: ArrayBuffer[]): void;
  /** Calls `handler` with every message from the other end, in order. */
  onMessage(handler: (message: ReadingMessage) => void): void;
  /**
   * Optional, on the analysing side: calls `handler` when the worker itself fails (it could not
   * load, or crashed), so that the analysis rejects with that error instead of waiting forever.
   */
  onError?(handler: (error: Error) => void): void;
}

/** A TraceError as plain data, to be made again on the analysing side. */
export interface SentTraceError {
  message: string;
  code: string;
  offset: number | undefined;
  line: number | undefined;
  goMessage: string;
  goTreatsAsEnd: boolean;
}

/** The messages as the two ends of this package read and write them. */
export type ReadingProtocol =
  /** To the worker, before any chunk: runs of events of these kinds cross folded (EventBatchWriter.foldKinds). */
  | { t: "fold"; kinds: readonly EventKind[] }
  /** To the worker: the next bytes of the trace (its own copy). */
  | { t: "chunk"; bytes: Uint8Array }
  /** To the worker: no more bytes. */
  | { t: "end" }
  /** To the worker: a batch's buffer, read and handed back for reuse. */
  | { t: "free"; data: Float64Array }
  /** From the worker: the next events. */
  | { t: "events"; batch: EventBatch }
  /** From the worker: the first `chunks` chunks (`bytes` bytes) are read, every event they gave sent. */
  | { t: "read"; chunks: number; bytes: number }
  /** From the worker: the trace ended, at its end or at an error (after the events before it). */
  | { t: "done"; error: SentTraceError | null }
  /** From the worker: something other than the trace went wrong. */
  | { t: "fail"; message: string };

/** The port as this package's two ends use it: typed messages, one cast here instead of at every call. */
export interface TypedReadingPort {
  post(message: ReadingProtocol, transfer?: ArrayBuffer[]): void;
  onMessage(handler: (message: ReadingProtocol) => void): void;
}

/** Views a user's port as a TypedReadingPort (the messages are ours: only this package makes them). */
export function typedPort(port: ReadingPort): TypedReadingPort {
  return {
    post: (message, transfer) => port.post(message as ReadingMessage, transfer),
    onMessage: (handler) => port.onMessage((message) => handler(message as unknown as ReadingProtocol)),
  };
}
