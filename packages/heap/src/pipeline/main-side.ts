// The reading end of the pipeline: reads and digests the trace on this
// thread while a worker applies the records, so the two halves of the work
// run side by side. The number of chunks in flight is bounded, so memory
// stays bounded when the worker is the slower half.
import type { HeapOptions, HeapResult } from "../analyze-heap.js";
import type { HeapDigester } from "../digest/digester.js";
import { joinReport } from "../report/build.js";
import { type PipelineMessage, typedPort, type WorkerOptions, type WorkerPort } from "./messages.js";
import { pump, type TraceSource } from "./pump.js";

/** Chunks the worker may be behind (32768 records, 1.5 MiB each). */
export const MAX_IN_FLIGHT = 4;

/** analyzeHeapInWorker's options: analyzeHeap's, and two for tuning and benchmarks. */
export interface HeapWorkerOptions extends HeapOptions {
  /** Records per message to the worker (default 32768, 1.5 MiB); at most four messages are in flight. */
  chunkRecords?: number | undefined;
  /**
   * Called once at the end with where the time went, in seconds: the worker
   * applying records, and this thread waiting for the worker to catch up.
   */
  onTiming?: ((timing: { applySeconds: number; waitSeconds: number }) => void) | undefined;
}

/**
 * Analyses a trace as {@link analyzeHeap} does, in two halves that run side by
 * side: this thread reads the trace and digests it into compact records, and
 * the worker behind `port` (which runs {@link serveHeapAnalysis}) applies
 * them. The result is the same as analyzeHeap's. The reading waits when the
 * worker falls behind, so memory stays bounded. Rejects with the reader's
 * `TraceError` when the trace is broken (unless `keepPartial` is set), and
 * with an Error when the worker fails.
 */
export async function analyzeHeapInWorker(
  source: TraceSource,
  userPort: WorkerPort,
  options: HeapWorkerOptions = {},
): Promise<HeapResult> {
  const port = typedPort(userPort);
  let digester: HeapDigester | undefined;
  let inFlight = 0;
  let wake: (() => void) | undefined;
  let settle: { resolve: (m: PipelineMessage) => void; reject: (e: Error) => void } | undefined;
  const final = new Promise<PipelineMessage>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // A failure may come while this side is still reading; it is awaited (and
  // thrown) below, so it must not count as unhandled in the meantime.
  final.catch(() => undefined);
  let failure: Error | null = null;
  let waitMs = 0;
  const fail = (message: string, cause?: Error) => {
    if (failure !== null) return;
    failure = new Error(message, { cause });
    settle?.reject(failure);
    wake?.();
  };
  port.onMessage((m) => {
    if (m.t === "free") {
      inFlight--;
      digester?.recycle(m.data);
      wake?.();
    } else if (m.t === "result") settle?.resolve(m);
    else if (m.t === "fail") {
      fail(`heap analysis worker: ${m.message}`);
    }
  });
  userPort.onError?.((err) => fail(`heap analysis worker: ${err.message}`, err));
  const workerOptions: WorkerOptions = {
    diff: options.diff,
    timelinePoints: options.timelinePoints,
    topTypes: options.topTypes,
  };
  let started = false;
  const start = (version: number) => {
    if (started) return;
    started = true;
    port.post({ t: "start", version, options: workerOptions });
  };
  const { version, error } = await pump(
    source,
    (chunk, v) => {
      start(v);
      inFlight++;
      port.post({ t: "chunk", chunk }, [chunk.data.buffer as ArrayBuffer]);
      return false;
    },
    {
      onProgress: options.onProgress,
      keepPartial: options.keepPartial,
      chunkRecords: options.chunkRecords,
      onWarning: options.onWarning,
      backpressure: () => {
        if (failure !== null) throw failure;
        if (inFlight <= MAX_IN_FLIGHT) return undefined;
        const since = performance.now();
        return new Promise<void>((resolve) => {
          wake = () => {
            if (inFlight <= MAX_IN_FLIGHT || failure !== null) {
              wake = undefined;
              waitMs += performance.now() - since;
              resolve();
            }
          };
        });
      },
    },
    (d) => {
      digester = d;
    },
  );
  start(version);
  port.post({ t: "end", error: error === null ? null : error.message });
  const m = await final;
  if (m.t !== "result") throw new Error(`heap analysis worker: unexpected ${m.t}`);
  options.onTiming?.({ applySeconds: m.applySeconds, waitSeconds: waitMs / 1000 });
  return { report: joinReport(m.parts), pprof: m.pprof, error };
}
