// The reading end of the pipeline: reads and digests the trace on this
// thread while a worker applies the records, so the two halves of the work
// run side by side. The number of chunks in flight is bounded, so memory
// stays bounded when the worker is the slower half.
import type { HeapDigester } from "../digest/digester.js";
import type { PprofInput } from "../pprof/profile.js";
import { joinReport } from "../report/build.js";
import type { HeapReport } from "../report.js";
import type { PipelineMessage, WorkerOptions, WorkerPort } from "./messages.js";
import { type PumpOptions, pump, type TraceSource } from "./pump.js";

/** Chunks the worker may be behind (32768 records, 1.5 MiB each). */
export const MAX_IN_FLIGHT = 4;

export interface WorkerResult {
  report: HeapReport;
  /** The profile's input when options.pprof asked for it. */
  pprof: PprofInput | null;
  /** With keepPartial: the error that ended the trace early, else null. */
  error: Error | null;
  /** Where the time went: the worker applying records, this thread waiting for it (for benchmarks). */
  timing: { applySeconds: number; waitSeconds: number };
}

/** Analyses a trace with the record-applying half on the worker behind `port` (which runs serveHeapAnalysis). */
export async function analyzeHeapInWorker(
  source: TraceSource,
  port: WorkerPort,
  options: WorkerOptions & PumpOptions = {},
): Promise<WorkerResult> {
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
  port.onMessage((m) => {
    if (m.t === "free") {
      inFlight--;
      digester?.recycle(m.data);
      wake?.();
    } else if (m.t === "result") settle?.resolve(m);
    else if (m.t === "fail") {
      failure = new Error(`heap analysis worker: ${m.message}`);
      settle?.reject(failure);
      wake?.();
    }
  });
  const workerOptions: WorkerOptions = {
    diff: options.diff,
    timelinePoints: options.timelinePoints,
    topTypes: options.topTypes,
    pprof: options.pprof,
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
  return {
    report: joinReport(m.parts),
    pprof: m.pprof,
    error,
    timing: { applySeconds: m.applySeconds, waitSeconds: waitMs / 1000 },
  };
}
